// The worker's routes: each controller adds its own, each route with its access rule (see
// Routing/Access.swift). The access-matrix test checks the router this builds against outcomes
// written in the test.
import Web

extension AppContext {
    public func makeRouter() -> Router {
        let authenticator = Authenticator(accounts: accounts, secureCookies: secureCookies)
        let artifacts = ArtifactReader(store: database, files: files)
        let registration = ModelRegistration(store: database, files: files)
        let predictor = ModelPredictor(cache: serving.cache, maxPixels: maxPixels)
        var routes = RouteTable(store: database, authenticator: authenticator)
        // Operations
        HealthController(store: database).addRoutes(to: &routes)
        MetricsController(store: database, location: metricsLocation).addRoutes(to: &routes)
        AuditController(log: database).addRoutes(to: &routes)
        // Accounts
        SessionController(authenticator: authenticator, inbox: database).addRoutes(to: &routes)
        TokenController(accounts: accounts, store: database).addRoutes(to: &routes)
        UserController(accounts: accounts, store: database).addRoutes(to: &routes)
        AccountPageController(authenticator: authenticator, store: database).addRoutes(to: &routes)
        UsersPageController(accounts: accounts, store: database).addRoutes(to: &routes)
        // Projects, images and labelling
        ProjectController(store: database).addRoutes(to: &routes)
        LabelController(store: database).addRoutes(to: &routes)
        DashboardController(store: database).addRoutes(to: &routes)
        ImageController(store: database, ingest: imageIngest).addRoutes(to: &routes)
        SmartPolygonController(files: files).addRoutes(to: &routes)
        AnnotationController(store: database).addRoutes(to: &routes)
        EditorSettingsController(store: database).addRoutes(to: &routes)
        ReviewController(store: database).addRoutes(to: &routes)
        QueueController(store: database).addRoutes(to: &routes)
        BatchController(store: database).addRoutes(to: &routes)
        CommentController(store: database).addRoutes(to: &routes)
        QualityController(store: database).addRoutes(to: &routes)
        // Datasets and training
        SnapshotController(store: database).addRoutes(to: &routes)
        ExportController(store: database, files: files, metrics: metrics).addRoutes(to: &routes)
        ImportController(importer: DatasetImport(store: database, ingest: imageIngest), metrics: metrics).addRoutes(to: &routes)
        JobController(store: database).addRoutes(to: &routes)
        // The model registry: its API, its pages, and MLflow's API over it
        RegistryController(store: database, artifacts: artifacts, registration: registration, predictor: predictor).addRoutes(to: &routes)
        RegistryPagesController(store: database, artifacts: artifacts, registration: registration, predictor: predictor, serving: database,
                                supervisor: RolloutSupervisor(store: database, artifacts: artifacts))
            .addRoutes(to: &routes)
        MLflowController(store: database, artifacts: artifacts).addRoutes(to: &routes)
        // Serving: the endpoints, and deployments with their rollouts
        ServeController(store: database, predictor: predictor, runtime: serving, files: files, metrics: metrics).addRoutes(to: &routes)
        BatchPredictionController(store: database, files: files).addRoutes(to: &routes)
        WebhookController(store: database, keys: webhookKeys).addRoutes(to: &routes)
        WebhookPagesController(store: database, keys: webhookKeys).addRoutes(to: &routes)
        DriftController(store: database).addRoutes(to: &routes)
        RolloutController(store: database, artifacts: artifacts, supervisor: RolloutSupervisor(store: database, artifacts: artifacts))
            .addRoutes(to: &routes)
        // The API's document describes every route, its own included
        APIDocsPageController().addRoutes(to: &routes)
        let document = APIDocumentController.Document()
        APIDocumentController(document: document).addRoutes(to: &routes)
        document.set((try? OpenAPIDocument.json(routes.router.routes, version: Self.version)) ?? [])
        return routes.router
    }
}
