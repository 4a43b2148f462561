package dev.edgeplane.ingest.agent.internal;

import java.nio.file.Path;

/** Helpers for walking procfs. */
final class ProcFolders {

    private ProcFolders() {
    }

    /** Returns whether a folder name is a PID or TID, all digits. */
    static boolean isNumeric(Path path) {
        String name = path.getFileName().toString();
        if (name.isEmpty()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            if (!Character.isDigit(name.charAt(i))) {
                return false;
            }
        }
        return true;
    }
}
