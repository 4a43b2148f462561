package dev.edgeplane.schemas.io;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/**
 * Describes why a file operation failed, for error messages that already name the path. The
 * messages of {@link NoSuchFileException} and its siblings are only the path, so a message built
 * from {@code getMessage()} repeats the path and omits the reason.
 */
public final class IoErrors {

    private IoErrors() {
    }

    /**
     * Returns the reason {@code e} failed, in a few lower-case words without the path, such as
     * "no such file or folder" or "permission denied".
     */
    public static String describe(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file or folder";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof NotDirectoryException) {
            return "a part of the path is a file, not a folder";
        }
        if (e instanceof DirectoryNotEmptyException) {
            return "the folder is not empty";
        }
        if (e instanceof FileAlreadyExistsException) {
            return "it already exists";
        }
        String reason = e instanceof FileSystemException fileSystem ? fileSystem.getReason() : e.getMessage();
        if (reason == null || reason.isBlank()) {
            return e.getClass().getSimpleName();
        }
        if (reason.equals("Is a directory")) {
            return "it is a folder, not a file";
        }
        if (reason.equals("Not a directory")) {
            return "a part of the path is a file, not a folder";
        }
        return reason;
    }
}
