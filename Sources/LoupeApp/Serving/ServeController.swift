// POST /api/v1/serve/{model}/predict: the model's deployment answers — its Production version, an
// alias's version, or a rollout's candidate for its share — and every answer names its version.
import Domain
import FileStore
import Foundation
import Monitoring
import Store
import Web

struct ServeController: Sendable {
    let store: any ServingStore
    let predictor: ModelPredictor
    let runtime: ServingRuntime
    let files: ContentStore
    let metrics: MetricsReporter

    func addRoutes(to routes: inout RouteTable) {
        routes.add(.POST, "/api/v1/serve/{model}/predict", access: .servedModel, options: .multipartForm, servePrediction)
    }

    /// The version that answers a request, the candidate that shadows it (if any), and stable (to
    /// compare a candidate's answers with).
    struct Routing {
        let answering: ServableVersion
        let arm: ServingArm
        let shadow: ServableVersion?
        let rollout: Rollout?
        var stable: ServableVersion? = nil
    }

    func servePrediction(_ request: Request, _ context: ServeContext) throws -> Response {
        let target = context.target
        guard target.enabled else {
            throw HTTPError(HTTPStatus.conflict, code: "model_disabled",
                            message: "\(target.modelName) is switched off: \(target.deployment?.reason ?? "")",
                            headers: ["Retry-After": "60"])
        }
        let routing = try route(target, callerKey: callerKey(request, context, plan: target.rollout?.plan))
        let input = try ServeInput.read(request, context, store: store, files: files)
        let caller = callerKey(request, context, plan: nil)
        var answers: [ServedAnswerDTO] = []
        var answered: [(prediction: PredictionDTO, arm: ServingArm, bytes: [UInt8])] = []
        for item in input.items {
            let bytes: [UInt8]
            switch item.bytes {
            case .failure(let error):
                answers.append(ServedAnswerDTO(file: item.name, imageId: item.imageID, error: error))
                continue
            case .success(let read): bytes = read
            }
            do {
                let (prediction, arm) = try answer(bytes, routing: routing, caller: caller)
                answers.append(ServedAnswerDTO(file: item.name, imageId: item.imageID, arm: arm, rolloutId: routing.rollout?.id, prediction: prediction))
                if routing.rollout != nil { answered.append((prediction, arm, bytes)) }
            } catch let error where error.clientError != nil && input.isBatch {
                answers.append(ServedAnswerDTO(file: item.name, imageId: item.imageID, error: error.clientError!))
            }
        }
        if let rollout = routing.rollout, !answered.isEmpty {
            runtime.runAfterResponse { compare(routing, rollout: rollout, answered: answered, caller: caller) }
        }
        if !input.isBatch, let only = answers.first {
            var response = try Response.json(only)
            response.setHeader("X-Loupe-Model-Version", String(only.version ?? 0))
            return response
        }
        return try .json(ServedBatchDTO(modelName: target.modelName, results: answers))
    }

    /// Who the caller is for stickiness and usage: the plan's header, else the token, else the user.
    private func callerKey(_ request: Request, _ context: ServeContext, plan: RolloutPlan?) -> String {
        if let plan, let named = request.header(plan.stickyHeader), !named.isEmpty { return "header:" + String(named.prefix(100)) }
        if case .token(let token) = context.principal.credential { return "token:\(token.id)" }
        return "user:\(context.user.username)"
    }

    func route(_ target: ServingTarget, callerKey: String) throws -> Routing {
        if let alias = target.alias {
            guard let version = target.stable else { throw HTTPError.notFound("\(target.modelName) has no alias '\(alias)'.") }
            return Routing(answering: version, arm: .alias, shadow: nil, rollout: nil)
        }
        guard let stable = target.stable else {
            throw HTTPError(HTTPStatus.notFound, code: "not_deployed",
                            message: "\(target.modelName) has no version in Production: promote one, or call /api/v1/serve/\(target.modelName)@ALIAS/predict.")
        }
        guard let rollout = target.rollout, let candidate = target.candidate else {
            return Routing(answering: stable, arm: .stable, shadow: nil, rollout: nil)
        }
        let position = rollout.plan.mode == .ab ? TrafficSplit.position(of: callerKey, salt: rollout.id) : Double.random(in: 0..<1)
        let takes = TrafficSplit.takesCandidate(position: position, sharePercent: rollout.share)
        runtime.noteRollout(rollout.id)
        switch rollout.plan.mode {
        case .shadow: return Routing(answering: stable, arm: .stable, shadow: takes ? candidate : nil, rollout: rollout)
        case .canary, .ab:
            return Routing(answering: takes ? candidate : stable, arm: takes ? .candidate : .stable, shadow: nil, rollout: rollout, stable: stable)
        }
    }

    /// Runs the routed version on one image. A candidate that fails (its file, its network) costs the
    /// caller nothing: stable answers instead, and the failure counts against the candidate.
    private func answer(_ bytes: [UInt8], routing: Routing, caller: String) throws -> (PredictionDTO, ServingArm) {
        do {
            return (try timed(routing.answering, arm: routing.arm, rollout: routing.rollout, bytes: bytes, caller: caller), routing.arm)
        } catch let error where routing.arm == .candidate && error.clientError?.status ?? 500 >= 500 {
            guard let stable = routing.stable else { throw error }
            return (try timed(stable, arm: .stable, rollout: routing.rollout, bytes: bytes, caller: caller), .stable)
        }
    }

    /// One prediction, counted in the process's usage (a caller's bad image is not the model's error).
    private func timed(_ version: ServableVersion, arm: ServingArm, rollout: Rollout?, bytes: [UInt8], caller: String) throws -> PredictionDTO {
        let started = ContinuousClock.now
        let key = usageKey(version, arm: arm, rollout: rollout)
        do {
            let (prediction, _, observation) = try predictor.predict(version, image: bytes)
            let milliseconds = (ContinuousClock.now - started).seconds * 1000
            let answered = prediction.answered
            runtime.record(key) { $0.record(milliseconds: milliseconds, failed: false, confidence: answered.confidence, labels: answered.labels, caller: caller) }
            runtime.observe(version, observation, confidence: answered.confidence, labels: answered.labels)
            metrics.report(.served(model: version.modelName, version: version.version, arm: arm.rawValue, failed: false, seconds: milliseconds / 1000,
                                   confidence: answered.confidence))
            return prediction
        } catch {
            if (error.clientError?.status ?? 500) >= 500 {
                let milliseconds = (ContinuousClock.now - started).seconds * 1000
                runtime.record(key) { $0.record(milliseconds: milliseconds, failed: true, confidence: nil, labels: [], caller: caller) }
                metrics.report(.served(model: version.modelName, version: version.version, arm: arm.rawValue, failed: true, seconds: milliseconds / 1000,
                                       confidence: nil))
            }
            throw error
        }
    }

    /// After the answer is sent, the other arm runs on the same images so the two can be compared: a
    /// shadow candidate (counted as its own usage), or stable beside a candidate that answered.
    private func compare(_ routing: Routing, rollout: Rollout, answered: [(prediction: PredictionDTO, arm: ServingArm, bytes: [UInt8])],
                         caller: String) {
        for (first, arm, bytes) in answered {
            let candidateKey: ServeUsageKey
            let agreed: Bool
            if let shadow = routing.shadow {
                guard let second = try? timed(shadow, arm: .shadow, rollout: rollout, bytes: bytes, caller: caller) else { continue }
                (candidateKey, agreed) = (usageKey(shadow, arm: .shadow, rollout: rollout), second.agrees(with: first))
            } else if arm == .candidate, let stable = routing.stable {
                guard let second = try? predictor.predict(stable, image: bytes).prediction else { continue }
                (candidateKey, agreed) = (usageKey(routing.answering, arm: .candidate, rollout: rollout), first.agrees(with: second))
            } else {
                continue
            }
            runtime.record(candidateKey) { stats in
                stats.compared += 1
                if !agreed { stats.disagreed += 1 }
            }
        }
    }

    private func usageKey(_ version: ServableVersion, arm: ServingArm, rollout: Rollout?) -> ServeUsageKey {
        ServeUsageKey(modelId: version.modelId, versionId: version.id, arm: arm.rawValue, windowStart: ServingRuntime.window(of: Date()),
                      rolloutId: rollout?.id ?? 0, step: rollout?.progress.step ?? 0)
    }
}
