// Decoding a request body: URL-encoded forms and JSON DTOs, with errors that name the field.
import Foundation

extension Request {
    /// The body as form fields; a 415 unless it was sent as `application/x-www-form-urlencoded`.
    public func formFields() throws -> FormFields {
        guard contentType == "application/x-www-form-urlencoded" else {
            throw HTTPError(
                HTTPStatus.unsupportedMediaType, code: "unsupported_media_type",
                message: "Send the form as application/x-www-form-urlencoded.")
        }
        return FormFields(urlEncoded: String(decoding: body, as: UTF8.self))
    }

    /// The body as JSON bytes, for a decoder with its own key names; a 415 unless it was sent as JSON.
    public func jsonBody() throws -> Data {
        guard contentType == "application/json" else {
            throw HTTPError(
                HTTPStatus.unsupportedMediaType, code: "unsupported_media_type",
                message: "Send the body as application/json.")
        }
        return Data(body)
    }

    /// The body decoded as a JSON DTO (snake_case keys). Errors name the offending field path.
    public func decodeJSON<T: Decodable>(_ type: T.Type) throws -> T {
        let json = try jsonBody()
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        do {
            return try decoder.decode(T.self, from: json)
        } catch let error as DecodingError {
            throw Self.describe(error)
        } catch {
            throw HTTPError.badRequest("The body is not valid JSON.", code: "invalid_json")
        }
    }

    /// One member of a JSON object body as its own JSON text, exactly as sent (keys untouched, for a
    /// decoder with its own key names); nil when the member is absent or null.
    public func jsonMember(_ key: String) throws -> Data? {
        guard let object = try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any] else {
            throw HTTPError.badRequest("The body is not a JSON object.", code: "invalid_json")
        }
        guard let member = object[key], !(member is NSNull) else { return nil }
        return try JSONSerialization.data(withJSONObject: member, options: [.fragmentsAllowed])
    }

    static func describe(_ error: DecodingError) -> HTTPError {
        func path(_ keys: [any CodingKey]) -> String {
            keys.reduce(into: "") { out, key in
                if let index = key.intValue {
                    out += "[\(index)]"
                } else {
                    out += (out.isEmpty ? "" : ".") + snakeCase(key.stringValue)
                }
            }
        }
        switch error {
        case .keyNotFound(let key, let context):
            let field = path(context.codingPath + [key])
            return .badRequest("\(field) is required.", field: field, code: "missing_field")
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            let field = path(context.codingPath)
            return .badRequest("\(field.isEmpty ? "The body" : field) has the wrong type.", field: field.isEmpty ? nil : field, code: "invalid_field")
        case .dataCorrupted(let context):
            let field = path(context.codingPath)
            if field.isEmpty { return .badRequest("The body is not valid JSON.", code: "invalid_json") }
            return .badRequest("\(field) is not valid.", field: field, code: "invalid_field")
        @unknown default:
            return .badRequest("The body is not valid JSON.", code: "invalid_json")
        }
    }

    private static func snakeCase(_ key: String) -> String {
        var out = ""
        for ch in key {
            if ch.isUppercase {
                out += "_" + ch.lowercased()
            } else {
                out.append(ch)
            }
        }
        return out
    }
}
