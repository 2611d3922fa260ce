// Dates as stored: "yyyy-MM-dd HH:mm:ss.SSS" in UTC, the format GRDB wrote into every existing
// SQLite file; text in that format sorts in time order, on SQLite and PostgreSQL alike.
import Foundation

extension Date {
    /// `2026-12-01 15:47:51.123`: to the nearest millisecond, as GRDB's formatter wrote it.
    var storageText: String {
        let totalMilliseconds = Int64((timeIntervalSince1970 * 1000).rounded())
        let milliseconds = Int((totalMilliseconds % 1000 + 1000) % 1000)
        let seconds = (totalMilliseconds - Int64(milliseconds)) / 1000
        let days = Int(seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400)
        let secondOfDay = Int(seconds - Int64(days) * 86_400)
        let (year, month, day) = Self.civil(fromDays: days)
        var text = ""
        text.reserveCapacity(23)
        func append(_ value: Int, width: Int) {
            let digits = String(value)
            if digits.count < width { text += String(repeating: "0", count: width - digits.count) }
            text += digits
        }
        append(year, width: 4); text += "-"; append(month, width: 2); text += "-"; append(day, width: 2); text += " "
        append(secondOfDay / 3600, width: 2); text += ":"; append(secondOfDay / 60 % 60, width: 2); text += ":"
        append(secondOfDay % 60, width: 2); text += "."; append(milliseconds, width: 3)
        return text
    }

    /// Reads `yyyy-MM-dd`, optionally followed by ` HH:mm`, `:ss`, `.SSS…` (a `T` may stand for the
    /// space, and a trailing `Z` or `+00`/`+00:00` is allowed): what SQLite's date functions accept and
    /// what PostgreSQL prints.
    init?(storageText text: String) {
        var bytes = Array(text.utf8)[...]
        func number(_ count: Int) -> Int? {
            guard bytes.count >= count else { return nil }
            var value = 0
            for byte in bytes.prefix(count) {
                guard (48...57).contains(byte) else { return nil }
                value = value * 10 + Int(byte - 48)
            }
            bytes = bytes.dropFirst(count)
            return value
        }
        func skip(_ byte: UInt8) -> Bool {
            guard bytes.first == byte else { return false }
            bytes = bytes.dropFirst()
            return true
        }
        guard let year = number(4), skip(45), let month = number(2), skip(45), let day = number(2),
              (1...12).contains(month), (1...31).contains(day) else { return nil }
        var hour = 0, minute = 0, second = 0.0
        if skip(32) || skip(84) {
            guard let h = number(2), skip(58), let m = number(2), h < 24, m < 60 else { return nil }
            (hour, minute) = (h, m)
            if skip(58) {
                guard let s = number(2), s < 61 else { return nil }
                second = Double(s)
                if skip(46) {
                    var scale = 0.1
                    while let byte = bytes.first, (48...57).contains(byte) {
                        second += Double(byte - 48) * scale
                        scale /= 10
                        bytes = bytes.dropFirst()
                    }
                }
            }
        }
        // A UTC designator is the only zone Loupe writes or asks PostgreSQL for.
        if skip(90) || bytes.elementsEqual("+00".utf8) || bytes.elementsEqual("+00:00".utf8) { bytes = [] }
        guard bytes.isEmpty else { return nil }
        let days = Self.days(fromCivil: year, month, day)
        let seconds = Double(days) * 86_400 + Double(hour * 3600 + minute * 60) + second
        self.init(timeIntervalSince1970: seconds)
    }

    // Howard Hinnant's days-from-civil and its inverse (proleptic Gregorian, day 0 = 1970-01-01).
    private static func days(fromCivil year: Int, _ month: Int, _ day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    private static func civil(fromDays days: Int) -> (Int, Int, Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}
