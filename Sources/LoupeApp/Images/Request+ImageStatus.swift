// The `status` filter that image lists, neighbours and exports take.
import Domain
import Web

extension Request {
    /// `?status=` as an image status; nil when absent, a 400 naming the choices when unknown.
    func imageStatusFilter() throws -> ImageStatus? {
        guard let raw = query["status"] else { return nil }
        guard let status = ImageStatus(rawValue: raw) else {
            throw HTTPError(HTTPStatus.unprocessable, code: "invalid_field",
                            message: "status is one of \(ImageStatus.allCases.map(\.rawValue).joined(separator: ", ")).", field: "status")
        }
        return status
    }
}
