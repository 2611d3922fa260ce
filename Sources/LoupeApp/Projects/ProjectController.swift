// Projects over the API: list what you may see, create/rename/archive (data team and admins), members.
import Domain
import Store
import Web

struct ProjectController: Sendable {
    let store: any ProjectStore

    func addRoutes(to routes: inout RouteTable) {
        routes.add(.GET, "/api/v1/projects", access: .signedIn, listProjects)
        routes.add(.POST, "/api/v1/projects", access: .role(.data), createProject)
        routes.add(.GET, "/api/v1/projects/{id}", access: .project(.member(.annotator)), showProject)
        routes.add(.PATCH, "/api/v1/projects/{id}", access: .project(.manager), updateProject)
        routes.add(.GET, "/api/v1/projects/{id}/members", access: .project(.member(.annotator)), listProjectMembers)
        routes.add(.POST, "/api/v1/projects/{id}/members", access: .project(.manager), setProjectMember)
        routes.add(.DELETE, "/api/v1/projects/{id}/members/{userId}", access: .project(.manager), removeProjectMember)
    }

    struct NewProject: Decodable {
        let name: String
        let description: String?
    }

    struct ProjectChange: Decodable {
        let name: String?
        let description: String?
        let archived: Bool?
    }

    struct NewMember: Decodable {
        let username: String?
        let userId: Int64?
        let role: Role
    }

    /// GET /api/v1/projects[?archived=1]
    func listProjects(_ request: Request, _ context: UserContext) throws -> Response {
        let projects = try store.visibleProjects(for: context.principal.user, includeArchived: try request.queryFlag("archived"))
        return try .json(["projects": projects.map(ProjectDTO.init)])
    }

    func createProject(_ request: Request, _ context: UserContext) throws -> Response {
        let body = try request.decodeJSON(NewProject.self)
        let project = try store.createProject(name: body.name, description: body.description ?? "",
                                                 by: context.attribution)
        return try .json(ProjectDTO(project), status: HTTPStatus.created)
    }

    func showProject(_ request: Request, _ context: ProjectContext) throws -> Response {
        var dto = ProjectDTO(context.project)
        dto.canReview = context.canReview
        return try .json(dto)
    }

    func updateProject(_ request: Request, _ context: ProjectContext) throws -> Response {
        let body = try request.decodeJSON(ProjectChange.self)
        let project = try store.updateProject(
            id: try request.intParameter("id"), name: body.name, description: body.description, archived: body.archived,
            by: context.attribution)
        return try .json(ProjectDTO(project))
    }

    func listProjectMembers(_ request: Request, _ context: ProjectContext) throws -> Response {
        return try .json(["members": try store.projectMembers(projectID: context.project.id).map(MemberDTO.init)])
    }

    /// POST /api/v1/projects/{id}/members with `username` or `user_id`, and `role`: adds or changes a member.
    func setProjectMember(_ request: Request, _ context: ProjectContext) throws -> Response {
        let body = try request.decodeJSON(NewMember.self)
        // user_id, when given, alone decides: an unknown id is refused, never replaced by the username.
        let user = try body.userId.map { try store.user(id: $0) } ?? body.username.flatMap { try store.user(named: $0) }
        guard let user else {
            throw HTTPError(HTTPStatus.unprocessable, code: "invalid_field", message: "No such user.",
                            field: body.userId != nil ? "user_id" : "username")
        }
        let member = try store.setProjectMember(projectID: try request.intParameter("id"), userID: user.id, role: body.role,
                                                   by: context.attribution)
        return try .json(MemberDTO(member), status: HTTPStatus.created)
    }

    func removeProjectMember(_ request: Request, _ context: ProjectContext) throws -> Response {
        try store.removeProjectMember(projectID: try request.intParameter("id"), userID: try request.intParameter("userId"),
                                         by: context.attribution)
        return .noContent()
    }
}
