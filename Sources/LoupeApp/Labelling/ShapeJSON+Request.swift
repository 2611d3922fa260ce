// Shapes sent in a request body, turned into domain shapes the one way every route does it.
import Domain
import Web

extension Array where Element == ShapeJSON {
    /// The domain shapes, or a 400 naming the malformed field (`shapes[2].w`).
    func requestShapes() throws -> [Shape] {
        do {
            return try AnnotationSetJSON(revision: 0, shapes: self).domainShapes()
        } catch {
            throw HTTPError.badRequest(error.message, field: error.field, code: error.code)
        }
    }
}
