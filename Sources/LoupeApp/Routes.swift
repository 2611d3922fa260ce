// Every route the worker serves, in one table, each with its access rule (see Routing/Access.swift).
// The access-matrix test checks the router this builds against outcomes written in the test.
import Domain
import Web

extension AppContext {
    public func makeRouter() -> Router {
        var r = RouteTable(app: self)
        // MARK: - Public
        r.add(.GET, "/api/v1/health", access: .anyone, showHealth)
        r.add(.GET, "/metrics", access: .loopback, exposeMetrics)
        r.add(.GET, "/auth/csrf", access: .anyone, issueLoginCSRF)
        r.add(.POST, "/auth/login", access: .anyone, login)
        // MARK: - Any signed-in user
        r.add(.POST, "/auth/logout", access: .signedIn, logout)
        r.add(.GET, "/api/v1/me", access: .signedIn, showMe)
        r.add(.GET, "/api/v1/tokens", access: .signedIn, listTokens)
        r.add(.POST, "/api/v1/tokens", access: .signedIn, createToken)
        r.add(.DELETE, "/api/v1/tokens/{id}", access: .ownTokenOrAdmin, revokeToken)
        r.add(.PUT, "/api/v1/users/{id}/password", access: .ownAccountOrAdmin, changePassword)
        r.add(.GET, "/auth/account", access: .signedIn, options: .page, showAccountPage)
        r.add(.POST, "/auth/account/tokens", access: .signedIn, options: .page, createTokenFromPage)
        r.add(.POST, "/auth/account/tokens/{id}/revoke", access: .ownTokenOrAdmin, options: .page, revokeTokenFromPage)
        r.add(.POST, "/auth/account/password", access: .signedIn, options: .page, changePasswordFromPage)
        // MARK: - Projects
        r.add(.GET, "/api/v1/projects", access: .signedIn, listProjects)
        r.add(.POST, "/api/v1/projects", access: .role(.data), createProject)
        r.add(.GET, "/api/v1/projects/{id}", access: .project(.member(.annotator)), showProject)
        r.add(.PATCH, "/api/v1/projects/{id}", access: .project(.manager), updateProject)
        r.add(.GET, "/api/v1/projects/{id}/members", access: .project(.member(.annotator)), listProjectMembers)
        r.add(.POST, "/api/v1/projects/{id}/members", access: .project(.manager), setProjectMember)
        r.add(.DELETE, "/api/v1/projects/{id}/members/{userId}", access: .project(.manager), removeProjectMember)
        // MARK: - Images
        r.add(.POST, "/api/v1/projects/{id}/images", access: .project(.member(.data)), options: .multipartForm, uploadImage)
        r.add(.GET, "/api/v1/projects/{id}/images", access: .project(.member(.annotator)), listImages)
        r.add(.GET, "/api/v1/images/{id}", access: .image(.member(.annotator)), showImage)
        r.add(.GET, "/api/v1/images/{id}/neighbors", access: .image(.member(.annotator)), showImageNeighbors)
        r.add(.GET, "/api/v1/images/{id}/thumbnail", access: .image(.member(.annotator)), serveThumbnail)
        r.add(.GET, "/api/v1/images/{id}/display", access: .image(.member(.annotator)), serveDisplayImage)
        r.add(.GET, "/api/v1/images/{id}/file", access: .image(.member(.annotator)), serveOriginal)
        // MARK: - Labels and annotations
        r.add(.GET, "/api/v1/projects/{id}/labels", access: .project(.member(.annotator)), listLabels)
        r.add(.POST, "/api/v1/projects/{id}/labels", access: .project(.manager), createLabel)
        r.add(.PUT, "/api/v1/projects/{id}/labels/order", access: .project(.manager), reorderLabels)
        r.add(.PATCH, "/api/v1/labels/{id}", access: .label(.manager), updateLabel)
        r.add(.DELETE, "/api/v1/labels/{id}", access: .label(.manager), deleteLabel)
        r.add(.GET, "/api/v1/images/{id}/annotations", access: .image(.member(.annotator)), showAnnotations)
        r.add(.PUT, "/api/v1/images/{id}/annotations", access: .image(.member(.annotator)), saveAnnotations)
        // MARK: - Review, snapshots, export
        r.add(.POST, "/api/v1/images/{id}/submit", access: .image(.member(.annotator)), submitImage)
        r.add(.POST, "/api/v1/images/{id}/review", access: .image(.member(.reviewer)), reviewImage)
        r.add(.GET, "/api/v1/images/{id}/reviews", access: .image(.member(.annotator)), listReviews)
        r.add(.GET, "/api/v1/projects/{id}/snapshots", access: .project(.member(.annotator)), listSnapshots)
        r.add(.POST, "/api/v1/projects/{id}/snapshots", access: .project(.manager), createSnapshot)

        r.add(.GET, "/api/v1/projects/{id}/dashboard", access: .project(.member(.annotator)), showDashboard)

        // MARK: - Labelling queue
        r.add(.GET, "/api/v1/projects/{id}/next", access: .project(.member(.annotator)), nextImage)
        r.add(.GET, "/api/v1/projects/{id}/queue", access: .project(.member(.annotator)), showQueue)
        r.add(.PUT, "/api/v1/projects/{id}/queue", access: .project(.manager), updateQueue)
        r.add(.GET, "/api/v1/projects/{id}/queue/images", access: .project(.member(.annotator)), listQueuedImages)
        r.add(.POST, "/api/v1/images/{id}/hold", access: .image(.member(.annotator)), holdImage)
        r.add(.GET, "/api/v1/images/{id}/suggestion", access: .image(.member(.annotator)), showSuggestion)

        // MARK: - Training jobs
        r.add(.GET, "/api/v1/projects/{id}/jobs", access: .project(.member(.annotator)), listJobs)
        r.add(.POST, "/api/v1/projects/{id}/jobs", access: .project(.manager), createJob)
        r.add(.GET, "/api/v1/jobs/{id}", access: .job(.member(.annotator)), showJob)
        r.add(.POST, "/api/v1/jobs/{id}/cancel", access: .job(.manager), cancelJob)
        r.add(.GET, "/api/v1/jobs/{id}/stream", access: .job(.member(.annotator)), authorizeJobStream)
        r.add(.GET, "/api/v1/models", access: .role(.data), listModels)
        r.add(.GET, "/api/v1/models/{id}", access: .role(.data), showModel)
        r.add(.PUT, "/api/v1/models/{id}/aliases/{alias}", access: .role(.admin), putAlias)
        r.add(.DELETE, "/api/v1/models/{id}/aliases/{alias}", access: .role(.admin), deleteAlias)
        r.add(.POST, "/api/v1/models/versions", access: .role(.data), options: .multipartForm, registerModelVersion)
        r.add(.GET, "/api/v1/models/versions/{id}", access: .modelVersion, showModelVersion)
        r.add(.GET, "/api/v1/models/versions/{id}/history", access: .role(.data), showVersionHistory)
        r.add(.GET, "/api/v1/models/versions/{id}/artifact", access: .role(.data), downloadArtifact)
        r.add(.POST, "/api/v1/models/versions/{id}/stage", access: .role(.admin), transitionVersion)
        r.add(.POST, "/api/v1/models/versions/{id}/requests", access: .role(.data), requestVersionTransition)
        r.add(.POST, "/api/v1/models/requests/{id}", access: .role(.admin), decideVersionRequest)
        r.add(.POST, "/api/v1/models/versions/{id}/predict", access: .modelVersion, predictWithModelVersion)
        r.add(.GET, "/api/v1/projects/{id}/export/coco", access: .project(.member(.annotator)), exportCOCO)
        r.add(.POST, "/api/v1/projects/{id}/import/coco", access: .project(.manager), importCOCO)
        // MARK: - Admin
        r.add(.GET, "/api/v1/users", access: .role(.admin), listUsers)
        r.add(.POST, "/api/v1/users", access: .role(.admin), createUser)
        r.add(.GET, "/api/v1/users/{id}", access: .role(.admin), showUser)
        r.add(.PATCH, "/api/v1/users/{id}", access: .role(.admin), updateUser)
        r.add(.GET, "/api/v1/audit", access: .role(.admin), listAuditEvents)
        r.add(.GET, "/admin/users", access: .role(.admin), options: .page, showUsersPage)
        r.add(.POST, "/admin/users", access: .role(.admin), options: .page, createUserFromPage)
        r.add(.POST, "/admin/users/{id}", access: .role(.admin), options: .page, updateUserFromPage)
        r.add(.GET, "/admin/audit", access: .role(.admin), options: .page, showAuditPage)

        // MARK: - Model registry pages
        r.add(.GET, "/admin/models", access: .role(.data), options: .page, showModelsPage)
        r.add(.POST, "/admin/models/upload", access: .role(.data), options: [.page, .multipartForm], registerModelVersionFromPage)
        r.add(.GET, "/admin/models/{id}", access: .role(.data), options: .page, showModelPage)
        r.add(.GET, "/admin/models/versions/{id}", access: .role(.data), options: .page, showModelVersionPage)
        r.add(.POST, "/admin/models/versions/{id}/stage", access: .role(.admin), options: .page, transitionVersionFromPage)
        r.add(.POST, "/admin/models/versions/{id}/alias", access: .role(.admin), options: .page, setAliasFromPage)
        r.add(.POST, "/admin/models/versions/{id}/try", access: .role(.data), options: [.page, .multipartForm], tryVersionFromPage)
        r.add(.POST, "/admin/models/versions/{id}/requests", access: .role(.data), options: .page, requestTransitionFromPage)
        r.add(.POST, "/admin/models/requests/{id}", access: .role(.admin), options: .page, decideRequestFromPage)

        // MARK: - MLflow model-registry REST API
        let mlflow = "/api/2.0/mlflow"
        r.addMLflow(.POST, "\(mlflow)/registered-models/create", access: .role(.data), mlflowCreateModel)
        r.addMLflow(.GET, "\(mlflow)/registered-models/get", access: .role(.data), mlflowGetModel)
        r.addMLflow(.POST, "\(mlflow)/registered-models/rename", access: .role(.admin), mlflowRenameModel)
        r.addMLflow(.PATCH, "\(mlflow)/registered-models/update", access: .role(.data), mlflowUpdateModel)
        r.addMLflow(.DELETE, "\(mlflow)/registered-models/delete", access: .role(.admin), mlflowDeleteModel)
        r.addMLflow(.GET, "\(mlflow)/registered-models/search", access: .role(.data), mlflowSearchModels)
        r.addMLflow(.POST, "\(mlflow)/registered-models/get-latest-versions", access: .role(.data), mlflowLatestVersions)
        r.addMLflow(.GET, "\(mlflow)/registered-models/get-latest-versions", access: .role(.data), mlflowLatestVersions)
        r.addMLflow(.POST, "\(mlflow)/registered-models/set-tag", access: .role(.data), mlflowSetModelTag)
        r.addMLflow(.DELETE, "\(mlflow)/registered-models/delete-tag", access: .role(.data), mlflowDeleteModelTag)
        r.addMLflow(.POST, "\(mlflow)/registered-models/alias", access: .role(.admin), mlflowSetAlias)
        r.addMLflow(.DELETE, "\(mlflow)/registered-models/alias", access: .role(.admin), mlflowDeleteAlias)
        r.addMLflow(.GET, "\(mlflow)/registered-models/alias", access: .role(.data), mlflowVersionByAlias)
        r.addMLflow(.POST, "\(mlflow)/model-versions/create", access: .role(.data), mlflowCreateVersion)
        r.addMLflow(.GET, "\(mlflow)/model-versions/get", access: .role(.data), mlflowGetVersion)
        r.addMLflow(.PATCH, "\(mlflow)/model-versions/update", access: .role(.data), mlflowUpdateVersion)
        r.addMLflow(.DELETE, "\(mlflow)/model-versions/delete", access: .role(.admin), mlflowDeleteVersion)
        r.addMLflow(.GET, "\(mlflow)/model-versions/search", access: .role(.data), mlflowSearchVersions)
        r.addMLflow(.POST, "\(mlflow)/model-versions/transition-stage", access: .role(.admin), mlflowTransitionStage)
        r.addMLflow(.POST, "\(mlflow)/model-versions/set-tag", access: .role(.data), mlflowSetVersionTag)
        r.addMLflow(.DELETE, "\(mlflow)/model-versions/delete-tag", access: .role(.data), mlflowDeleteVersionTag)
        r.addMLflow(.GET, "\(mlflow)/model-versions/get-download-uri", access: .role(.data), mlflowDownloadURI)
        return r.router
    }
}
