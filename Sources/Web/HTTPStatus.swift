// Reason phrases for the status codes Loupe sends, and names for the common ones.

public enum HTTPStatus {
    public static let ok = 200, created = 201, accepted = 202, noContent = 204, seeOther = 303
    public static let badRequest = 400, unauthorized = 401, forbidden = 403, notFound = 404
    public static let methodNotAllowed = 405, conflict = 409, payloadTooLarge = 413
    public static let unsupportedMediaType = 415, unprocessable = 422, tooManyRequests = 429
    public static let internalServerError = 500, serviceUnavailable = 503

    public static func reason(_ status: Int) -> String {
        switch status {
        case 200: "OK"
        case 201: "Created"
        case 204: "No Content"
        case 301: "Moved Permanently"
        case 302: "Found"
        case 303: "See Other"
        case 304: "Not Modified"
        case 400: "Bad Request"
        case 401: "Unauthorized"
        case 403: "Forbidden"
        case 404: "Not Found"
        case 405: "Method Not Allowed"
        case 409: "Conflict"
        case 413: "Payload Too Large"
        case 415: "Unsupported Media Type"
        case 422: "Unprocessable Content"
        case 429: "Too Many Requests"
        case 500: "Internal Server Error"
        case 503: "Service Unavailable"
        default: "Status \(status)"
        }
    }
}
