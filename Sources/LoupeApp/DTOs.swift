// The JSON shapes of the API: accounts, projects, images, jobs, model versions. Secrets and hashes never appear here.
import Domain
import Foundation
import Store
import Web

struct UserDTO: Encodable {
    let id: Int64
    let username: String
    let role: String
    let disabled: Bool
    let createdAt: Date

    init(_ user: User) {
        id = user.id
        username = user.username
        role = user.role.rawValue
        disabled = user.disabled
        createdAt = user.createdAt
    }
}

struct TokenDTO: Encodable {
    let id: Int64
    let userId: Int64
    let name: String
    let prefix: String
    let createdAt: Date
    let lastUsedAt: Date?
    let revokedAt: Date?

    init(_ token: APIToken) {
        id = token.id
        userId = token.userId
        name = token.name
        prefix = token.displayPrefix
        createdAt = token.createdAt
        lastUsedAt = token.lastUsedAt
        revokedAt = token.revokedAt
    }
}

struct AuditEventDTO: Encodable {
    let id: Int64
    let at: Date
    let actor: String
    let action: String
    let target: String
    let detail: String
    let remoteAddress: String

    init(_ event: AuditEvent) {
        id = event.id
        at = event.at
        actor = event.actorName
        action = event.action
        target = event.target
        detail = event.detail
        remoteAddress = event.remoteAddress
    }
}

struct ProjectDTO: Encodable {
    let id: Int64
    let name: String
    let description: String
    let archived: Bool
    let createdAt: Date
    /// Set on a single project's read: whether the caller may accept and reject its images.
    var canReview: Bool?

    init(_ project: Project) {
        id = project.id
        name = project.name
        description = project.description
        archived = project.archived
        createdAt = project.createdAt
    }
}

struct MemberDTO: Encodable {
    let userId: Int64
    let username: String
    let role: String
    let addedAt: Date

    init(_ member: ProjectMember) {
        userId = member.userId
        username = member.username
        role = member.role.rawValue
        addedAt = member.addedAt
    }
}

struct ImageDTO: Encodable {
    let id: Int64
    let projectId: Int64
    let fileName: String
    let width: Int
    let height: Int
    let status: String
    let format: String
    let byteSize: Int
    let sha256: String
    let uploadedAt: Date
    let thumbnailUrl: String
    let displayUrl: String
    let fileUrl: String
    /// Set only where one image is shown to its caller.
    var canReview: Bool?
    /// Set in gallery pages: boxes and polygons, image tags, and who is labelling it now.
    var shapeCount: Int?
    var tagCount: Int?
    var heldBy: String?

    init(_ image: ImageRecord) {
        id = image.id
        projectId = image.projectId
        fileName = image.fileName
        width = image.width
        height = image.height
        status = image.status.rawValue
        format = image.format
        byteSize = image.byteSize
        sha256 = image.sha256
        uploadedAt = image.uploadedAt
        thumbnailUrl = "/api/v1/images/\(image.id)/thumbnail"
        displayUrl = "/api/v1/images/\(image.id)/display"
        fileUrl = "/api/v1/images/\(image.id)/file"
    }
}

struct UploadedImageDTO: Encodable {
    let image: ImageDTO
    let duplicate: Bool
}

struct ImagePageDTO: Encodable {
    let images: [ImageDTO]
    /// Pass as `after` for the next page; absent on the last page.
    let nextAfter: Int64?
    let counts: [String: Int]
}

struct LabelDTO: Encodable {
    let id: Int64
    let projectId: Int64
    let name: String
    let color: String
    let hotkey: String?

    init(_ label: Label) {
        id = label.id
        projectId = label.projectId
        name = label.name
        color = label.color
        hotkey = label.hotkey
    }
}

struct ReviewDTO: Encodable {
    let id: Int64
    let decision: String
    let comment: String
    let reviewer: String?
    let revision: Int
    let at: Date

    init(_ review: Review) {
        id = review.id
        decision = review.decision.rawValue
        comment = review.comment
        reviewer = review.reviewerName
        revision = review.revision
        at = review.at
    }
}

struct SnapshotDTO: Encodable {
    let id: Int64
    let name: String
    let createdAt: Date
    let imageCount: Int
    let shapeCount: Int
    let exportUrl: String

    init(_ snapshot: Snapshot) {
        id = snapshot.id
        name = snapshot.name
        createdAt = snapshot.createdAt
        imageCount = snapshot.imageCount
        shapeCount = snapshot.shapeCount
        exportUrl = "/api/v1/projects/\(snapshot.projectId)/export/coco?snapshot=\(snapshot.id)"
    }
}

struct NeighborsDTO: Encodable {
    let previousId: Int64?
    let nextId: Int64?
}

struct ImportSummaryDTO: Encodable {
    let images: Int
    let shapes: Int
    let labelsCreated: Int
}

struct JobDTO: Encodable {
    let id: Int64
    let projectId: Int64
    let kind: String
    let state: String
    let config: JobSpec
    let progress: Double
    let message: String
    let attempts: Int
    let cancelRequested: Bool
    let createdAt: Date
    let startedAt: Date?
    let finishedAt: Date?
    let heartbeatAt: Date?
    let modelVersionId: Int64?
    let metrics: [JobMetric]?
    let trials: [TrialDTO]?
    let modelVersion: ModelVersionDTO?

    init(_ job: Job, metrics: [JobMetric]? = nil, trials: [JobTrial]? = nil, version: ModelVersion? = nil) {
        id = job.id
        projectId = job.projectId
        kind = job.kind.rawValue
        state = job.state.rawValue
        config = job.spec
        progress = job.progress
        message = job.message
        attempts = job.attempts
        cancelRequested = job.cancelRequested
        createdAt = job.createdAt
        startedAt = job.startedAt
        finishedAt = job.finishedAt
        heartbeatAt = job.heartbeatAt
        modelVersionId = job.modelVersionId
        self.metrics = metrics
        self.trials = trials.map { $0.map(TrialDTO.init) }
        modelVersion = version.map(ModelVersionDTO.init)
    }
}

struct TrialDTO: Encodable {
    let trial: Int
    let parameters: JSONValue
    let validationLoss: Double
    let validationAccuracy: Double
    let epochs: Int

    init(_ trial: JobTrial) {
        self.trial = trial.trial
        parameters = JSONValue(text: trial.parameters)
        validationLoss = trial.validationLoss
        validationAccuracy = trial.validationAccuracy
        epochs = trial.epochs
    }
}

struct ModelVersionDTO: Encodable {
    let id: Int64
    let modelName: String
    let version: Int
    let stage: ModelStage
    let source: String
    let modelType: String
    let framework: String
    let artifactSha256: String?
    let artifactSize: Int?
    let metrics: JSONValue
    let parameters: JSONValue
    let evaluation: JSONValue
    let labels: JSONValue
    let projectId: Int64?
    let jobId: Int64?
    let snapshotId: Int64?
    let description: String
    let createdAt: Date
    /// Set when the validation figures rest on too few samples to mean anything.
    let validationWarning: String?

    init(_ v: ModelVersion) {
        id = v.id
        modelName = v.modelName
        version = v.version
        stage = v.stage
        source = v.source
        modelType = v.modelType
        framework = v.framework
        artifactSha256 = v.artifactSHA256
        artifactSize = v.artifactSize
        metrics = JSONValue(text: v.metrics)
        parameters = JSONValue(text: v.parameters)
        evaluation = JSONValue(text: v.evaluation)
        labels = JSONValue(text: v.labels)
        projectId = v.projectId
        jobId = v.jobId
        snapshotId = v.snapshotId
        description = v.description
        createdAt = v.createdAt
        validationWarning = v.validationWarning
    }
}

extension ModelVersion {
    /// The small-validation-set warning, for versions whose metrics say how many validation samples they had.
    var validationWarning: String? {
        guard case .object(let metrics) = JSONValue(text: metrics), case .number(let samples) = metrics["validation_samples"] else {
            return nil
        }
        return ValidationEvidence.warning(validationSamples: Int(samples))
    }
}
