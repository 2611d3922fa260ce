// The figures a project dashboard shows.
import Domain
import Foundation

/// The dashboard controller's view of the store.
public protocol DashboardStore: Sendable {
    /// How many images of the project are in each status (every status present, zeros included).
    func imageCounts(projectID: Int64) throws -> [ImageStatus: Int]
    /// Review decisions in the project: (accepted, rejected).
    func reviewOutcomes(projectID: Int64) throws -> (accepted: Int, rejected: Int)
    /// For each image saved by two or more people: each person's last saved set of shapes.
    func multiAnnotatorWork(projectID: Int64) throws -> [[AnnotatorWork]]
    func labelUsage(projectID: Int64) throws -> [LabelUsage]
    /// Saves per annotator per day (UTC), newest days first, at most `days` days back.
    func dailyWork(projectID: Int64, days: Int) throws -> [DailyWork]
    /// What each detector version's suggestions became, newest version first (`projectID` nil: all projects).
    func suggestionOutcomes(projectID: Int64?) throws -> [SuggestionOutcome]
    /// The project's batches with their progress, oldest first.
    func batches(projectID: Int64) throws -> [BatchProgress]
}

extension AppDatabase: DashboardStore {}
