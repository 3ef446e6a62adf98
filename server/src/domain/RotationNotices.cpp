// RotationNotices.cpp — the rules of a rotation's activity and its mail.
#include "domain/RotationNotices.h"

#include "domain/Calendar.h"

#include <algorithm>
#include <map>

namespace rotunda::domain {
namespace {

void addOnce(std::vector<std::string>& to, const std::string& id, const std::string& except) {
    if (id.empty() || id == except) return;
    if (std::find(to.begin(), to.end(), id) == to.end()) to.push_back(id);
}

int kindOrder(const std::string& kind) {
    static const std::vector<std::string> order{"application_to_finish", "steps_to_do", "application_to_review",
                                                "application_to_decide", "steps_to_verify"};
    const auto at = std::find(order.begin(), order.end(), kind);
    return static_cast<int>(at - order.begin());
}

std::string lineOf(const OpenItem& item) {
    const std::string steps = std::to_string(item.count) + (item.count == 1 ? " step" : " steps");
    if (item.kind == "application_to_finish") return "Finish and submit your application: " + item.rotation;
    if (item.kind == "steps_to_do") return steps + " to complete: " + item.rotation;
    if (item.kind == "application_to_review") return "An application to review for your school: " + item.rotation;
    if (item.kind == "application_to_decide") return "An application waiting for your facility's decision: " + item.rotation;
    if (item.kind == "steps_to_verify") return steps + " to verify: " + item.rotation;
    return item.kind + ": " + item.rotation;
}

}  // namespace

std::string checkComment(const std::string& raw, std::string& error) {
    error.clear();
    const auto space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
    std::size_t begin = 0, end = raw.size();
    while (begin < end && space(raw[begin])) ++begin;
    while (end > begin && space(raw[end - 1])) --end;
    std::string text = raw.substr(begin, end - begin);
    if (text.empty()) {
        error = "write something";
        return "";
    }
    if (text.size() > kCommentMaxBytes) {
        error = "at most " + std::to_string(kCommentMaxBytes) + " bytes";
        return "";
    }
    for (const char c : text) {
        const auto byte = static_cast<unsigned char>(c);
        if ((byte < 0x20 && c != '\t' && c != '\n' && c != '\r') || byte == 0x7f) {
            error = "holds control characters";
            return "";
        }
    }
    return text;
}

std::vector<std::string> commentRecipients(const RotationPeople& people, const std::string& authorId,
                                           const std::string& status) {
    std::vector<std::string> to;
    addOnce(to, people.studentId, authorId);
    addOnce(to, people.preceptorId, authorId);
    for (const auto& id : people.schoolStaff) addOnce(to, id, authorId);
    if (status != "draft")
        for (const auto& id : people.facilityStaff) addOnce(to, id, authorId);
    return to;
}

std::vector<std::string> scheduledRecipients(const RotationPeople& people) {
    std::vector<std::string> to;
    addOnce(to, people.studentId, "");
    addOnce(to, people.preceptorId, "");
    return to;
}

std::vector<std::string> stepCompleters(const RotationPeople& people, const std::string& completedBy) {
    std::vector<std::string> to;
    if (completedBy == "student") addOnce(to, people.studentId, "");
    if (completedBy == "school_coordinator" || completedBy == "faculty")
        for (const auto& id : people.schoolStaff) addOnce(to, id, "");
    if (completedBy == "facility")
        for (const auto& id : people.facilityStaff) addOnce(to, id, "");
    return to;
}

std::vector<std::string> unreadyRecipients(const RotationPeople& people, const std::vector<std::string>& completedBy) {
    std::vector<std::string> to;
    addOnce(to, people.studentId, "");
    for (const auto& who : completedBy)
        for (const auto& id : stepCompleters(people, who)) addOnce(to, id, "");
    return to;
}

std::vector<PreceptorLetter> preceptorChangeLetters(const std::string& studentId, const std::string& before,
                                                    const std::string& after) {
    std::vector<PreceptorLetter> letters;
    if (before == after) return letters;
    if (!after.empty()) letters.push_back({after, "new_preceptor"});
    if (!before.empty()) letters.push_back({before, "previous_preceptor"});
    if (!studentId.empty() && studentId != after && studentId != before) letters.push_back({studentId, "student"});
    return letters;
}

std::string decisionWord(const std::string& action) {
    if (action == "accept") return "accepted";
    if (action == "waitlist") return "waitlisted";
    if (action == "decline") return "declined";
    return "";
}

bool startReminderDue(const std::string& startDate, const std::string& today, int reminderDays) {
    if (reminderDays <= 0 || !isIsoDate(startDate) || !isIsoDate(today)) return false;
    return startDate >= today && startDate <= addDays(today, reminderDays);
}

std::vector<std::string> digestLines(std::vector<OpenItem> items) {
    std::stable_sort(items.begin(), items.end(), [](const OpenItem& a, const OpenItem& b) {
        const int ka = kindOrder(a.kind), kb = kindOrder(b.kind);
        return ka != kb ? ka < kb : a.rotation < b.rotation;
    });
    std::vector<std::string> lines;
    for (const auto& item : items)
        if (item.count > 0) lines.push_back(lineOf(item));
    return lines;
}

std::string describeRotation(const std::string& studentName, const std::string& serviceName,
                             const std::string& facilityName, const std::string& startDate,
                             const std::string& endDate) {
    return studentName + ", " + serviceName + " at " + facilityName + ", " + startDate + " to " + endDate;
}

}  // namespace rotunda::domain
