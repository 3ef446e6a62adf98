// StepCompletions.cpp — a step on a rotation: states, who moves them, what a submission holds.
#include "domain/StepCompletions.h"

#include "domain/Calendar.h"

#include <algorithm>
#include <set>

namespace rotunda::domain {
namespace {

using P = StepParty;

bool contains(const std::vector<std::string>& values, const std::string& value) {
    return std::find(values.begin(), values.end(), value) != values.end();
}

bool blank(const std::string& text) { return text.find_first_not_of(" \t\r\n") == std::string::npos; }

constexpr std::size_t kMostTextCharacters = 4000;

// Characters of UTF-8 text (continuation bytes do not count).
std::size_t characters(const std::string& text) {
    return static_cast<std::size_t>(
        std::count_if(text.begin(), text.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

void checkAnswer(const StepField& field, const Answer& answer, std::vector<std::pair<std::string, std::string>>& errors) {
    const std::string at = "answers." + field.name;
    if (answer.kind == Answer::Kind::Null || (answer.kind == Answer::Kind::Text && blank(answer.text))) {
        if (field.required) errors.emplace_back(at, "is required");
        return;
    }
    if (field.type == "text") {
        if (answer.kind != Answer::Kind::Text) errors.emplace_back(at, "must be text");
        else if (characters(answer.text) > kMostTextCharacters)
            errors.emplace_back(at, "must be at most " + std::to_string(kMostTextCharacters) + " characters");
    } else if (field.type == "number") {
        if (answer.kind != Answer::Kind::Number) errors.emplace_back(at, "must be a number");
    } else if (field.type == "date") {
        if (answer.kind != Answer::Kind::Text || !isIsoDate(answer.text))
            errors.emplace_back(at, "must be a date, YYYY-MM-DD");
    } else if (field.type == "choice") {
        if (answer.kind != Answer::Kind::Text || !contains(field.options, answer.text)) {
            std::string options;
            for (const auto& o : field.options) options += (options.empty() ? "" : ", ") + o;
            errors.emplace_back(at, "must be one of " + options);
        }
    } else if (field.type == "yesno") {
        if (answer.kind != Answer::Kind::Boolean) errors.emplace_back(at, "must be true or false");
    }
}

}  // namespace

const std::vector<StepTransition>& stepTransitions() {
    static const std::vector<StepTransition> table{
        {"submit", {"todo", "rejected", "expired"}, "submitted", P::Completer, false},
        {"verify", {"submitted"}, "verified", P::Owner, false},
        {"reject", {"submitted"}, "rejected", P::Owner, true},
        {"waive", {"todo", "submitted", "rejected", "expired"}, "waived", P::Owner, false},
        {"expire", {"verified"}, "expired", P::System, false},
    };
    return table;
}

const std::vector<std::string>& stepStates() {
    static const std::vector<std::string> states{"todo", "submitted", "verified", "rejected", "waived", "expired"};
    return states;
}

bool isStepAction(const std::string& action) {
    const auto& table = stepTransitions();
    return std::any_of(table.begin(), table.end(), [&](const StepTransition& t) { return t.action == action; });
}

StepRefusal checkStepTransition(const std::string& state, const std::string& action, StepParty party,
                                const std::string& reason, std::string& to) {
    if (!isStepAction(action)) return StepRefusal::UnknownAction;
    for (const auto& t : stepTransitions()) {
        if (t.action != action) continue;
        if (!contains(t.from, state)) return StepRefusal::WrongState;
        if (t.party != party) return StepRefusal::WrongParty;
        if (t.reasonRequired && blank(reason)) return StepRefusal::ReasonRequired;
        to = t.to;
        return StepRefusal::Allowed;
    }
    return StepRefusal::UnknownAction;
}

std::string describeStepRefusal(StepRefusal refusal, const std::string& state, const std::string& action) {
    switch (refusal) {
        case StepRefusal::Allowed: return "";
        case StepRefusal::UnknownAction: return "there is no action '" + action + "' on steps";
        case StepRefusal::WrongState: return "'" + action + "' is not possible on a step that is " + state;
        case StepRefusal::WrongParty:
            if (action == "submit") return "only the party that completes this step submits it";
            if (action == "expire") return "steps expire by themselves (the rotation job)";
            return "only the organization that owns this step may " + action + " it";
        case StepRefusal::ReasonRequired: return "say why (a reason is required to " + action + ")";
    }
    return "";
}

std::string stepStateAfterSubmit(AutomaticVerdict verdict) {
    switch (verdict) {
        case AutomaticVerdict::Verified: return "verified";
        case AutomaticVerdict::Rejected: return "rejected";
        case AutomaticVerdict::Manual: break;
    }
    return "submitted";
}

bool stepsOpen(const std::string& rotationStatus) {
    return rotationStatus != "cancelled" && rotationStatus != "declined" && rotationStatus != "completed";
}

std::string waitingOn(const std::string& state, const std::string& completedBy, const std::string& ownerParty) {
    if (state == "todo" || state == "rejected" || state == "expired") return completedBy;
    if (state == "submitted") return ownerParty;
    return "";
}

bool expiresBefore(const std::string& expiresAt, const std::string& endDate) {
    return !expiresAt.empty() && expiresAt.substr(0, 10) < endDate;
}

bool isExpiredOn(const std::string& expiresAt, const std::string& today) {
    return !expiresAt.empty() && expiresAt.substr(0, 10) < today;
}

std::string expiryOf(const std::string& verifiedOn, int expiryDays) {
    if (expiryDays <= 0 || !isIsoDate(verifiedOn)) return "";
    return addDays(verifiedOn, expiryDays);
}

std::vector<std::pair<std::string, std::string>> checkSubmission(const std::string& type,
                                                                 const std::vector<StepField>& fields,
                                                                 const Submission& submission,
                                                                 const std::vector<std::string>& documentsOfCompletion) {
    std::vector<std::pair<std::string, std::string>> errors;
    if (type == "form") {
        for (const auto& [name, answer] : submission.answers) {
            const bool known = std::any_of(fields.begin(), fields.end(), [&](const StepField& f) { return f.name == name; });
            if (!known) errors.emplace_back("answers." + name, "is not a field of this step");
        }
        for (const auto& f : fields) {
            const auto found = submission.answers.find(f.name);
            checkAnswer(f, found == submission.answers.end() ? Answer() : found->second, errors);
        }
    } else if (!submission.answers.empty()) {
        errors.emplace_back("answers", "only a form step takes answers");
    }
    if (type == "document") {
        if (submission.documentIds.empty())
            errors.emplace_back("documentIds", "upload at least one document to this step and name it here");
        std::set<std::string> seen;
        for (std::size_t i = 0; i < submission.documentIds.size(); ++i) {
            const std::string& id = submission.documentIds[i];
            const std::string at = "documentIds[" + std::to_string(i) + "]";
            if (!seen.insert(id).second) errors.emplace_back(at, "is named twice");
            else if (!contains(documentsOfCompletion, id))
                errors.emplace_back(at, "is not a document uploaded to this step "
                                        "(POST /api/v1/documents?recordType=step_completion&recordId=…)");
        }
    } else if (!submission.documentIds.empty()) {
        errors.emplace_back("documentIds", "only a document step takes documents");
    }
    if (type == "confirmation") {
        if (!submission.confirmed || !*submission.confirmed)
            errors.emplace_back("confirmed", "must be true (tick the box to confirm)");
    } else if (submission.confirmed) {
        errors.emplace_back("confirmed", "only a confirmation step is confirmed");
    }
    return errors;
}

}  // namespace rotunda::domain

namespace rotunda::domain {
namespace {

// Plain text: valid UTF-8 with no control characters but tab, LF and CR.
bool isPlainText(const std::string& text) {
    std::size_t i = 0;
    while (i < text.size()) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c < 0x80) {
            if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f) return false;
            ++i;
            continue;
        }
        const std::size_t length = c >= 0xf0 && c <= 0xf4 ? 4 : c >= 0xe0 ? 3 : c >= 0xc2 && c <= 0xdf ? 2 : 0;
        if (length == 0 || (length == 3 && c > 0xef) || i + length > text.size()) return false;
        for (std::size_t k = 1; k < length; ++k)
            if ((static_cast<unsigned char>(text[i + k]) & 0xc0) != 0x80) return false;
        i += length;
    }
    return true;
}

}  // namespace

std::string checkStepFacts(const std::vector<std::pair<std::string, std::string>>& facts) {
    if (facts.size() > kMostStepFacts)
        return "it recorded " + std::to_string(facts.size()) + " facts; at most " + std::to_string(kMostStepFacts) +
               " are kept";
    std::set<std::string> seen;
    for (const auto& [name, value] : facts) {
        if (name.empty() || name.size() > kLongestStepFactName ||
            !std::all_of(name.begin(), name.end(), [](char c) {
                return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' ||
                       c == '.' || c == '-';
            }))
            return "it recorded a fact named '" + name.substr(0, kLongestStepFactName) +
                   "'; names are 1-64 characters of A-Z a-z 0-9 _ . -";
        if (!seen.insert(name).second) return "it recorded the fact '" + name + "' twice";
        if (value.size() > kLongestStepFactValue)
            return "the value of its fact '" + name + "' has " + std::to_string(value.size()) + " bytes; at most " +
                   std::to_string(kLongestStepFactValue) + " are kept";
        if (!isPlainText(value))
            return "the value of its fact '" + name + "' is not plain text (UTF-8 without control characters)";
    }
    return "";
}

std::string checkReviewReasons(const std::string& reasons) {
    if (reasons.size() > kLongestReviewReasons)
        return "its reasons for review have " + std::to_string(reasons.size()) + " bytes; at most " +
               std::to_string(kLongestReviewReasons) + " are kept";
    if (!isPlainText(reasons)) return "its reasons for review are not plain text (UTF-8 without control characters)";
    return "";
}

std::vector<std::string> reviewReasonLines(const std::string& reasons) {
    std::vector<std::string> lines;
    std::string line;
    const auto flush = [&] {
        const auto first = line.find_first_not_of(" \t\r");
        if (first != std::string::npos) lines.push_back(line.substr(first, line.find_last_not_of(" \t\r") - first + 1));
        line.clear();
    };
    for (const char c : reasons) {
        if (c == '\n') flush();
        else line += c;
    }
    flush();
    return lines;
}

}  // namespace rotunda::domain
