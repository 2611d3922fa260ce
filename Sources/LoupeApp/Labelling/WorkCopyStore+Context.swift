// The caller's own copy of the image a route names, which the image's routes consult first.
import Store

extension WorkCopyStore {
    /// Their copy when they label the image on their own (overlap, ground truth), else nil.
    func workCopy(seenBy context: ImageContext) throws -> WorkCopy? {
        try workCopy(imageID: context.image.id, userID: context.user.id)
    }
}
