// The worker's composition root: the store, account operations, files and deployment settings, from
// which makeRouter() builds each controller with only what it needs.
import Auth
import FileStore
import Foundation
import Imaging
import Monitoring
import Store

public struct AppContext: Sendable {
    public let database: AppDatabase
    public let accounts: Accounts
    /// Content-addressed files (images, thumbnails, …) under the data directory or in a shared bucket.
    public let files: ContentStore
    /// Uploads with more pixels than this are refused from their header.
    public let maxPixels: Int
    public let maxTiledPixels: Int
    /// Adds `Secure` to cookies; set when nginx is behind HTTPS.
    public let secureCookies: Bool
    /// Where uploads, thumbnails and exports are reported, and where `/metrics` finds the master's tally.
    public let metrics: MetricsReporter
    public let metricsLocation: MetricsLocation
    /// This process's model cache, served usage and rollout supervision.
    public let serving: ServingRuntime
    /// The key webhook secrets derive from (`data/secrets/webhook.key`), or why it could not be had.
    public let webhookKeys: Result<WebhookKeys, any Error>
    public static let version = "0.1.0"

    public init(database: AppDatabase, dataDirectory: URL, objects: S3Bucket? = nil, accounts: Accounts? = nil, secureCookies: Bool = false,
                maxPixels: Int = Imaging.defaultMaxPixels, maxTiledPixels: Int = Imaging.defaultMaxTiledPixels, metrics: MetricsReporter = .disabled,
                modelCacheBytes: Int = ModelCache.defaultBudgetBytes) {
        self.database = database
        self.accounts = accounts ?? Accounts(database: database)
        self.files = ContentStore(dataDirectory: dataDirectory, objects: objects)
        self.secureCookies = secureCookies
        self.maxPixels = maxPixels
        self.maxTiledPixels = maxTiledPixels
        self.metrics = metrics
        self.metricsLocation = MetricsLocation(dataDirectory: dataDirectory)
        let files = self.files
        webhookKeys = Result { try WebhookKeys.load(dataDirectory: dataDirectory) }
        self.serving = ServingRuntime(
            store: database, supervisor: RolloutSupervisor(store: database, artifacts: ArtifactReader(store: database, files: files)),
            cache: ModelCache(files: files, budgetBytes: modelCacheBytes))
    }

    /// Sends this process's share of webhook deliveries; nil when the key file is unusable.
    public func makeWebhookSender() -> WebhookSender? {
        (try? webhookKeys.get()).map { WebhookSender(store: database, keys: $0) }
    }

    /// Checks, stores and records uploaded images (the upload API, COCO imports, tests' fixtures).
    var imageIngest: ImageIngest { ImageIngest(store: database, files: files, maxPixels: maxPixels, maxTiledPixels: maxTiledPixels, metrics: metrics) }
}
