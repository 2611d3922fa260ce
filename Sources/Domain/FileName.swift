// Turning an uploaded file name into one that is safe to store, show and put in a header.
import Foundation

public enum FileName {
    /// The last path component, without control characters, trimmed, at most 200 characters;
    /// `fallback` when nothing usable is left.
    public static func sanitised(_ raw: String, fallback: String) -> String {
        let lastComponent = raw.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? ""
        let printable = String(String.UnicodeScalarView(lastComponent.unicodeScalars.filter {
            !$0.properties.generalCategory.isControlOrFormat
        }))
        let trimmed = printable.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty, trimmed != ".", trimmed != ".." else { return fallback }
        return String(trimmed.prefix(200))
    }

    /// Letters, digits, `.`, `-` and `_` of `raw` (ASCII), others as `_`: a download name that
    /// needs no quoting in a header.
    public static func asciiSlug(_ raw: String) -> String {
        String(raw.unicodeScalars.prefix(120).map { scalar -> Character in
            scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || "._-".unicodeScalars.contains(scalar))
                ? Character(scalar) : "_"
        })
    }
}

extension Unicode.GeneralCategory {
    fileprivate var isControlOrFormat: Bool { self == .control || self == .format || self == .lineSeparator || self == .paragraphSeparator }
}

