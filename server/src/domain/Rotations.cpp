// Rotations.cpp — the statuses of a rotation, who may move them, places and conflicts.
#include "domain/Rotations.h"

#include <algorithm>
#include <map>

namespace rotunda::domain {
namespace {

using P = RotationParty;

bool contains(const std::vector<std::string>& values, const std::string& value) {
    return std::find(values.begin(), values.end(), value) != values.end();
}

bool blank(const std::string& text) { return text.find_first_not_of(" \t\r\n") == std::string::npos; }

}  // namespace

std::string partyName(RotationParty party) {
    switch (party) {
        case P::Student: return "student";
        case P::School: return "school";
        case P::Facility: return "facility";
        case P::System: return "system";
    }
    return "";
}

const std::vector<RotationTransition>& rotationTransitions() {
    static const std::vector<RotationTransition> table{
        {"submit", {"draft"}, "pending_review", {P::Student}, false},
        {"endorse", {"pending_review"}, "pending_site", {P::School}, false},
        {"accept", {"pending_site", "waitlisted"}, "onboarding", {P::Facility}, false},
        {"waitlist", {"pending_site"}, "waitlisted", {P::Facility}, false},
        {"decline", {"pending_review"}, "declined", {P::School}, true},
        {"decline", {"pending_site", "waitlisted"}, "declined", {P::Facility}, true},
        {"cancel", {"draft", "pending_review", "pending_site", "waitlisted"}, "cancelled",
         {P::Student, P::School, P::Facility}, true},
        {"cancel", {"onboarding", "ready", "active", "paused"}, "cancelled", {P::School, P::Facility}, true},
        {"reopen", {"cancelled"}, "", {P::Student, P::School, P::Facility}, false},
        {"pause", {"onboarding", "ready", "active"}, "paused", {P::Facility}, false},
        {"resume", {"paused"}, "", {P::Facility}, false},
        {"complete", {"active", "offboarding"}, "completed", {P::Facility, P::System}, false},
        {"mark_ready", {"onboarding"}, "ready", {P::System}, false},
        {"unready", {"ready"}, "onboarding", {P::System}, false},
        {"start", {"ready"}, "active", {P::System}, false},
        {"offboard", {"active"}, "offboarding", {P::System}, false},
        {"close", {"onboarding"}, "cancelled", {P::System}, false},
    };
    return table;
}

const std::vector<std::string>& rotationStatuses() {
    static const std::vector<std::string> statuses{"draft",  "pending_review", "pending_site", "waitlisted",
                                                   "onboarding", "ready",      "active",       "offboarding",
                                                   "completed",  "paused",     "cancelled",    "declined"};
    return statuses;
}

bool isRotationStatus(const std::string& status) { return contains(rotationStatuses(), status); }

bool isRotationAction(const std::string& action) {
    const auto& table = rotationTransitions();
    return std::any_of(table.begin(), table.end(), [&](const RotationTransition& t) { return t.action == action; });
}

bool holdsPlace(const std::string& status) {
    static const std::vector<std::string> holding{"onboarding", "ready", "active", "offboarding", "paused",
                                                  "completed"};
    return contains(holding, status);
}

bool occupiesStudent(const std::string& status) { return holdsPlace(status) && status != "completed"; }

RotationRefusal checkRotationTransition(const std::string& status, const std::string& action, RotationParty party,
                                        const std::string& reason, const RotationContext& context, std::string& to) {
    if (!isRotationAction(action)) return RotationRefusal::UnknownAction;
    bool stateMatched = false;
    for (const auto& t : rotationTransitions()) {
        if (t.action != action || !contains(t.from, status)) continue;
        stateMatched = true;
        if (std::find(t.parties.begin(), t.parties.end(), party) == t.parties.end()) continue;
        if (action == "reopen") {
            // The job's closures are the facility's to undo.
            const std::string canceller = context.cancelledParty == "system" ? "facility" : context.cancelledParty;
            if (canceller != partyName(party)) return RotationRefusal::NotTheCanceller;
        }
        if (t.reasonRequired && blank(reason)) return RotationRefusal::ReasonRequired;
        to = t.to;
        if (action == "reopen") to = context.statusBeforeCancel;
        if (action == "resume") to = context.statusBeforePause;
        if (!isRotationStatus(to)) return RotationRefusal::WrongState;
        return RotationRefusal::Allowed;
    }
    return stateMatched ? RotationRefusal::WrongParty : RotationRefusal::WrongState;
}

std::string describeRotationRefusal(RotationRefusal refusal, const std::string& status, const std::string& action) {
    switch (refusal) {
        case RotationRefusal::Allowed: return "";
        case RotationRefusal::UnknownAction: return "there is no action '" + action + "' on rotations";
        case RotationRefusal::WrongState:
            return "'" + action + "' is not possible on a rotation that is " + status;
        case RotationRefusal::WrongParty: {
            if (action == "mark_ready" || action == "unready" || action == "start" || action == "offboard" ||
                action == "close")
                return "rotations '" + action + "' by themselves (the rotation job)";
            std::string who;
            for (const auto& t : rotationTransitions()) {
                if (t.action != action || !contains(t.from, status)) continue;
                for (const auto p : t.parties) {
                    if (p == P::System) continue;
                    if (!who.empty()) who += " or ";
                    who += p == P::Student ? "the student" : "the " + partyName(p) + "'s staff";
                }
            }
            return "on a rotation that is " + status + ", only " + who + " may " + action + " it";
        }
        case RotationRefusal::ReasonRequired: return "say why (a reason is required to " + action + ")";
        case RotationRefusal::NotTheCanceller: return "only the party that cancelled the rotation may reopen it";
    }
    return "";
}

bool isOverridable(const std::string& code) { return code != "no_capacity"; }

std::vector<std::pair<std::string, std::string>> checkRotationDates(const DateRange& rotation,
                                                                   const DateRange& window) {
    std::vector<std::pair<std::string, std::string>> problems;
    if (rotation.end < rotation.start) problems.emplace_back("endDate", "must not be before startDate");
    if (rotation.start < window.start || rotation.start > window.end)
        problems.emplace_back("startDate", "must be within the window, " + window.start + " to " + window.end);
    if (rotation.end < window.start || rotation.end > window.end)
        problems.emplace_back("endDate", "must be within the window, " + window.start + " to " + window.end);
    return problems;
}

int mostAtOnce(const std::vector<DateRange>& ranges, const DateRange& within) {
    // A sweep over the days where a range begins or ends (inclusive ends: the
    // count drops the day after), restricted to `within`.
    std::map<std::string, int> change;
    for (const auto& r : ranges) {
        if (!overlaps(r, within)) continue;
        ++change[std::max(r.start, within.start)];
        if (r.end < within.end) --change[addDays(r.end, 1)];
    }
    int running = 0, most = 0;
    for (const auto& [day, delta] : change) {
        running += delta;
        most = std::max(most, running);
    }
    return most;
}

std::vector<Conflict> findConflicts(const BookingFacts& facts) {
    std::vector<Conflict> conflicts;
    for (const auto& other : facts.studentRotations) {
        if (!overlaps(other, facts.rotation)) continue;
        conflicts.push_back({"student_overlap", "the student is already on a rotation from " + other.start + " to " +
                                                    other.end + ", which overlaps these dates"});
        break;
    }
    if (facts.booked + facts.placesWanted > facts.capacity)
        conflicts.push_back({"no_capacity", "the window has " + std::to_string(std::max(0, facts.capacity - facts.booked)) +
                                                " free place(s) of " + std::to_string(facts.capacity) + "; " +
                                                std::to_string(facts.placesWanted) + " asked for"});
    if (!facts.agreementCovers)
        conflicts.push_back({"no_agreement", "no active affiliation agreement between the facility and the school "
                                             "covers this service from " +
                                                 facts.rotation.start + " to " + facts.rotation.end});
    if (facts.preceptorMax > 0) {
        std::vector<DateRange> with = facts.preceptorRotations;
        with.push_back(facts.rotation);
        const int most = mostAtOnce(with, facts.rotation);
        if (most > facts.preceptorMax)
            conflicts.push_back({"preceptor_limit", "the preceptor would have " + std::to_string(most) +
                                                        " students at once; the limit is " +
                                                        std::to_string(facts.preceptorMax)});
    }
    if (facts.schoolLimit > 0 && facts.schoolBooked + facts.placesWanted > facts.schoolLimit)
        conflicts.push_back({"school_limit", "this window takes at most " + std::to_string(facts.schoolLimit) +
                                                 " student(s) of the school; " + std::to_string(facts.schoolBooked) +
                                                 " already hold a place"});
    return conflicts;
}

}  // namespace rotunda::domain
