// The `status` filter that image lists, neighbours and exports take.
import Foundation
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

extension Request {
    /// `status=accepted,submitted`: the statuses an export keeps (empty: all), each checked.
    func imageStatusList() throws -> [ImageStatus] {
        guard let raw = query["status"] else { return [] }
        return try raw.split(separator: ",", omittingEmptySubsequences: false).map { part in
            guard let status = ImageStatus(rawValue: part.trimmingCharacters(in: .whitespaces)) else {
                throw HTTPError(HTTPStatus.unprocessable, code: "invalid_field",
                                message: "status is a comma-separated list of \(ImageStatus.allCases.map(\.rawValue).joined(separator: ", ")); '\(part)' is none of them.",
                                field: "status")
            }
            return status
        }
    }
}
