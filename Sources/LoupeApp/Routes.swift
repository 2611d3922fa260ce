// Every route the worker serves, in one table. The access-matrix test reads this router.
import Web

extension AppContext {
    public func makeRouter() -> Router {
        var r = Router()
        // MARK: - Public
        r.add(.GET, "/api/v1/health") { try self.showHealth($0) }
        r.add(.GET, "/metrics") { try self.exposeMetrics($0) }
        r.add(.GET, "/auth/csrf") { try self.issueLoginCSRF($0) }
        r.add(.POST, "/auth/login") { try self.login($0) }
        // MARK: - Any signed-in user
        r.add(.POST, "/auth/logout") { try self.logout($0) }
        r.add(.GET, "/api/v1/me") { try self.showMe($0) }
        r.add(.GET, "/api/v1/tokens") { try self.listTokens($0) }
        r.add(.POST, "/api/v1/tokens") { try self.createToken($0) }
        r.add(.DELETE, "/api/v1/tokens/{id}") { try self.revokeToken($0) }
        r.add(.PUT, "/api/v1/users/{id}/password") { try self.changePassword($0) }
        r.add(.GET, "/auth/account") { try self.showAccountPage($0) }
        r.add(.POST, "/auth/account/tokens") { try self.createTokenFromPage($0) }
        r.add(.POST, "/auth/account/tokens/{id}/revoke") { try self.revokeTokenFromPage($0) }
        r.add(.POST, "/auth/account/password") { try self.changePasswordFromPage($0) }
        // MARK: - Projects (visibility and roles checked per route)
        r.add(.GET, "/api/v1/projects") { try self.listProjects($0) }
        r.add(.POST, "/api/v1/projects") { try self.createProject($0) }
        r.add(.GET, "/api/v1/projects/{id}") { try self.showProject($0) }
        r.add(.PATCH, "/api/v1/projects/{id}") { try self.updateProject($0) }
        r.add(.GET, "/api/v1/projects/{id}/members") { try self.listProjectMembers($0) }
        r.add(.POST, "/api/v1/projects/{id}/members") { try self.setProjectMember($0) }
        r.add(.DELETE, "/api/v1/projects/{id}/members/{userId}") { try self.removeProjectMember($0) }
        // MARK: - Images
        r.add(.POST, "/api/v1/projects/{id}/images") { try self.uploadImage($0) }
        r.add(.GET, "/api/v1/projects/{id}/images") { try self.listImages($0) }
        r.add(.GET, "/api/v1/images/{id}") { try self.showImage($0) }
        r.add(.GET, "/api/v1/images/{id}/neighbors") { try self.showImageNeighbors($0) }
        r.add(.GET, "/api/v1/images/{id}/thumbnail") { try self.serveThumbnail($0) }
        r.add(.GET, "/api/v1/images/{id}/display") { try self.serveDisplayImage($0) }
        r.add(.GET, "/api/v1/images/{id}/file") { try self.serveOriginal($0) }
        // MARK: - Labels and annotations
        r.add(.GET, "/api/v1/projects/{id}/labels") { try self.listLabels($0) }
        r.add(.POST, "/api/v1/projects/{id}/labels") { try self.createLabel($0) }
        r.add(.PUT, "/api/v1/projects/{id}/labels/order") { try self.reorderLabels($0) }
        r.add(.PATCH, "/api/v1/labels/{id}") { try self.updateLabel($0) }
        r.add(.DELETE, "/api/v1/labels/{id}") { try self.deleteLabel($0) }
        r.add(.GET, "/api/v1/images/{id}/annotations") { try self.showAnnotations($0) }
        r.add(.PUT, "/api/v1/images/{id}/annotations") { try self.saveAnnotations($0) }
        // MARK: - Review, snapshots, export
        r.add(.POST, "/api/v1/images/{id}/submit") { try self.submitImage($0) }
        r.add(.POST, "/api/v1/images/{id}/review") { try self.reviewImage($0) }
        r.add(.GET, "/api/v1/images/{id}/reviews") { try self.listReviews($0) }
        r.add(.GET, "/api/v1/projects/{id}/snapshots") { try self.listSnapshots($0) }
        r.add(.POST, "/api/v1/projects/{id}/snapshots") { try self.createSnapshot($0) }

        r.add(.GET, "/api/v1/projects/{id}/dashboard") { try self.showDashboard($0) }

        // MARK: - Labelling queue
        r.add(.GET, "/api/v1/projects/{id}/next") { try self.nextImage($0) }
        r.add(.GET, "/api/v1/projects/{id}/queue") { try self.showQueue($0) }
        r.add(.PUT, "/api/v1/projects/{id}/queue") { try self.updateQueue($0) }
        r.add(.GET, "/api/v1/projects/{id}/queue/images") { try self.listQueuedImages($0) }
        r.add(.POST, "/api/v1/images/{id}/hold") { try self.holdImage($0) }
        r.add(.GET, "/api/v1/images/{id}/suggestion") { try self.showSuggestion($0) }

        // MARK: - Training jobs
        r.add(.GET, "/api/v1/projects/{id}/jobs") { try self.listJobs($0) }
        r.add(.POST, "/api/v1/projects/{id}/jobs") { try self.createJob($0) }
        r.add(.GET, "/api/v1/jobs/{id}") { try self.showJob($0) }
        r.add(.POST, "/api/v1/jobs/{id}/cancel") { try self.cancelJob($0) }
        r.add(.GET, "/api/v1/jobs/{id}/stream") { try self.authorizeJobStream($0) }
        r.add(.GET, "/api/v1/models") { try self.listModels($0) }
        r.add(.GET, "/api/v1/models/{id}") { try self.showModel($0) }
        r.add(.PUT, "/api/v1/models/{id}/aliases/{alias}") { try self.putAlias($0) }
        r.add(.DELETE, "/api/v1/models/{id}/aliases/{alias}") { try self.deleteAlias($0) }
        r.add(.POST, "/api/v1/models/versions") { try self.registerModelVersion($0) }
        r.add(.GET, "/api/v1/models/versions/{id}") { try self.showModelVersion($0) }
        r.add(.GET, "/api/v1/models/versions/{id}/history") { try self.showVersionHistory($0) }
        r.add(.GET, "/api/v1/models/versions/{id}/artifact") { try self.downloadArtifact($0) }
        r.add(.POST, "/api/v1/models/versions/{id}/stage") { try self.transitionVersion($0) }
        r.add(.POST, "/api/v1/models/versions/{id}/requests") { try self.requestVersionTransition($0) }
        r.add(.POST, "/api/v1/models/requests/{id}") { try self.decideVersionRequest($0) }
        r.add(.POST, "/api/v1/models/versions/{id}/predict") { try self.predictWithModelVersion($0) }
        r.add(.GET, "/api/v1/projects/{id}/export/coco") { try self.exportCOCO($0) }
        r.add(.POST, "/api/v1/projects/{id}/import/coco") { try self.importCOCO($0) }
        // MARK: - Admin
        r.add(.GET, "/api/v1/users") { try self.listUsers($0) }
        r.add(.POST, "/api/v1/users") { try self.createUser($0) }
        r.add(.GET, "/api/v1/users/{id}") { try self.showUser($0) }
        r.add(.PATCH, "/api/v1/users/{id}") { try self.updateUser($0) }
        r.add(.GET, "/api/v1/audit") { try self.listAuditEvents($0) }
        r.add(.GET, "/admin/users") { try self.showUsersPage($0) }
        r.add(.POST, "/admin/users") { try self.createUserFromPage($0) }
        r.add(.POST, "/admin/users/{id}") { try self.updateUserFromPage($0) }
        r.add(.GET, "/admin/audit") { try self.showAuditPage($0) }

        // MARK: - Model registry pages
        r.add(.GET, "/admin/models") { try self.showModelsPage($0) }
        r.add(.POST, "/admin/models/upload") { try self.registerModelVersionFromPage($0) }
        r.add(.GET, "/admin/models/{id}") { try self.showModelPage($0) }
        r.add(.GET, "/admin/models/versions/{id}") { try self.showModelVersionPage($0) }
        r.add(.POST, "/admin/models/versions/{id}/stage") { try self.transitionVersionFromPage($0) }
        r.add(.POST, "/admin/models/versions/{id}/alias") { try self.setAliasFromPage($0) }
        r.add(.POST, "/admin/models/versions/{id}/try") { try self.tryVersionFromPage($0) }
        r.add(.POST, "/admin/models/versions/{id}/requests") { try self.requestTransitionFromPage($0) }
        r.add(.POST, "/admin/models/requests/{id}") { try self.decideRequestFromPage($0) }

        // MARK: - MLflow model-registry REST API
        let mlflow = "/api/2.0/mlflow"
        r.add(.POST, "\(mlflow)/registered-models/create") { try self.mlflowCreateModel($0) }
        r.add(.GET, "\(mlflow)/registered-models/get") { try self.mlflowGetModel($0) }
        r.add(.POST, "\(mlflow)/registered-models/rename") { try self.mlflowRenameModel($0) }
        r.add(.PATCH, "\(mlflow)/registered-models/update") { try self.mlflowUpdateModel($0) }
        r.add(.DELETE, "\(mlflow)/registered-models/delete") { try self.mlflowDeleteModel($0) }
        r.add(.GET, "\(mlflow)/registered-models/search") { try self.mlflowSearchModels($0) }
        r.add(.POST, "\(mlflow)/registered-models/get-latest-versions") { try self.mlflowLatestVersions($0) }
        r.add(.GET, "\(mlflow)/registered-models/get-latest-versions") { try self.mlflowLatestVersions($0) }
        r.add(.POST, "\(mlflow)/registered-models/set-tag") { try self.mlflowSetModelTag($0) }
        r.add(.DELETE, "\(mlflow)/registered-models/delete-tag") { try self.mlflowDeleteModelTag($0) }
        r.add(.POST, "\(mlflow)/registered-models/alias") { try self.mlflowSetAlias($0) }
        r.add(.DELETE, "\(mlflow)/registered-models/alias") { try self.mlflowDeleteAlias($0) }
        r.add(.GET, "\(mlflow)/registered-models/alias") { try self.mlflowVersionByAlias($0) }
        r.add(.POST, "\(mlflow)/model-versions/create") { try self.mlflowCreateVersion($0) }
        r.add(.GET, "\(mlflow)/model-versions/get") { try self.mlflowGetVersion($0) }
        r.add(.PATCH, "\(mlflow)/model-versions/update") { try self.mlflowUpdateVersion($0) }
        r.add(.DELETE, "\(mlflow)/model-versions/delete") { try self.mlflowDeleteVersion($0) }
        r.add(.GET, "\(mlflow)/model-versions/search") { try self.mlflowSearchVersions($0) }
        r.add(.POST, "\(mlflow)/model-versions/transition-stage") { try self.mlflowTransitionStage($0) }
        r.add(.POST, "\(mlflow)/model-versions/set-tag") { try self.mlflowSetVersionTag($0) }
        r.add(.DELETE, "\(mlflow)/model-versions/delete-tag") { try self.mlflowDeleteVersionTag($0) }
        r.add(.GET, "\(mlflow)/model-versions/get-download-uri") { try self.mlflowDownloadURI($0) }
        return r
    }
}
