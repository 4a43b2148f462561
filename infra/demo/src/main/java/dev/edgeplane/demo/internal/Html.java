package dev.edgeplane.demo.internal;

/** Escaping for text and attribute values in HTML that is also well-formed XML. */
public final class Html {

    private Html() {
    }

    /** Escapes {@code &}, {@code <}, {@code >}, {@code "} and {@code '}. */
    public static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder escaped = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> escaped.append("&amp;");
                case '<' -> escaped.append("&lt;");
                case '>' -> escaped.append("&gt;");
                case '"' -> escaped.append("&quot;");
                case '\'' -> escaped.append("&#39;");
                default -> escaped.append(c);
            }
        }
        return escaped.toString();
    }
}
