// Projects over the API: list what you may see, create/rename/archive (data team and admins), members.
import Domain
import Store
import Web

extension AppContext {
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
    func listProjects(_ request: Request) throws -> Response {
        let principal = try require(request)
        let projects = try database.visibleProjects(for: principal.user, includeArchived: request.query["archived"] == "1")
        return try .json(["projects": projects.map(ProjectDTO.init)])
    }

    func createProject(_ request: Request) throws -> Response {
        let principal = try require(request, role: .data)
        let body = try request.decodeJSON(NewProject.self)
        let project = try database.createProject(name: body.name, description: body.description ?? "",
                                                 by: principal.attribution(request))
        return try .json(ProjectDTO(project), status: HTTPStatus.created)
    }

    func showProject(_ request: Request) throws -> Response {
        let principal = try require(request)
        let project = try visibleProject(request, principal)
        var dto = ProjectDTO(project)
        dto.canReview = try canReview(projectID: project.id, principal)
        return try .json(dto)
    }

    func updateProject(_ request: Request) throws -> Response {
        let principal = try require(request, role: .data)
        let body = try request.decodeJSON(ProjectChange.self)
        let project = try database.updateProject(
            id: try request.intParameter("id"), name: body.name, description: body.description, archived: body.archived,
            by: principal.attribution(request))
        return try .json(ProjectDTO(project))
    }

    func listProjectMembers(_ request: Request) throws -> Response {
        let principal = try require(request)
        let project = try visibleProject(request, principal)
        return try .json(["members": try database.projectMembers(projectID: project.id).map(MemberDTO.init)])
    }

    /// POST /api/v1/projects/{id}/members with `username` or `user_id`, and `role`: adds or changes a member.
    func setProjectMember(_ request: Request) throws -> Response {
        let principal = try require(request, role: .data)
        let body = try request.decodeJSON(NewMember.self)
        let user = try body.userId.flatMap { try database.user(id: $0) } ?? body.username.flatMap { try database.user(named: $0) }
        guard let user else {
            throw HTTPError(HTTPStatus.unprocessable, code: "invalid_field", message: "No such user.",
                            field: body.userId != nil ? "user_id" : "username")
        }
        let member = try database.setProjectMember(projectID: try request.intParameter("id"), userID: user.id, role: body.role,
                                                   by: principal.attribution(request))
        return try .json(MemberDTO(member), status: HTTPStatus.created)
    }

    func removeProjectMember(_ request: Request) throws -> Response {
        let principal = try require(request, role: .data)
        try database.removeProjectMember(projectID: try request.intParameter("id"), userID: try request.intParameter("userId"),
                                         by: principal.attribution(request))
        return .noContent()
    }

    /// The `{id}` project if the caller may see it; a 404 otherwise, so outsiders learn nothing.
    func visibleProject(_ request: Request, _ principal: Principal) throws -> Project {
        guard let project = try database.visibleProject(id: try request.intParameter("id"), for: principal.user) else {
            throw HTTPError.notFound("No such project.")
        }
        return project
    }
}
