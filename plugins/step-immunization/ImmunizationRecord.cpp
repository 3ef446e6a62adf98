// ImmunizationRecord.cpp — the form, its validation and the rules of the immunization record.
#include "ImmunizationRecord.h"

#include <algorithm>
#include <map>

namespace rotunda::immunization {

using plugin::FormField;
using plugin::StepSubmission;
using plugin::StepValidation;

namespace {

// Minimum intervals between doses (CDC's minimum intervals for adults).
constexpr long kTwoDoseIntervalDays = 28;     // MMR, varicella, Heplisav-B
constexpr long kHepBDose2To3Days = 56;        // three-dose hepatitis B: 8 weeks between doses 2 and 3
constexpr long kHepBDose1To3Days = 112;       // and 16 weeks between doses 1 and 3
const Date kEarliestDate{std::chrono::year{1900}, std::chrono::January, std::chrono::day{1}};

const std::vector<std::string> kTiterResults{"positive", "negative", "equivocal"};
const std::vector<std::string> kTbKinds{"tst", "igra", "chest-xray"};
const std::vector<std::string> kTbResults{"negative", "positive", "indeterminate"};
const std::vector<std::string> kHepBVaccines{"three-dose", "heplisav-b"};

FormField dateField(const std::string& name, const std::string& label, const std::string& help) {
    return {name, label, "date", help, false, {}};
}

FormField choiceField(const std::string& name, const std::string& label, const std::string& help,
                      const std::vector<std::string>& choices) {
    return {name, label, "choice", help, false, choices};
}

void addTwoDoseFields(std::vector<FormField>& fields, const std::string& prefix, const std::string& vaccine) {
    fields.push_back(dateField(prefix + ".dose1", vaccine + " dose 1", "the date of the first dose, if you had it"));
    fields.push_back(dateField(prefix + ".dose2", vaccine + " dose 2", "the date of the second dose, at least 28 days "
                                                                       "after the first"));
    fields.push_back(dateField(prefix + ".titerDate", vaccine + " titer date",
                               "the date blood was drawn for an immunity titer, if you had one"));
    fields.push_back(choiceField(prefix + ".titerResult", vaccine + " titer result",
                                 "the titer's result as the laboratory reports it", kTiterResults));
}

// Field families of requirements a step may leave out: a name of one of them is a
// real field of the record, only not asked for by this step.
const std::vector<std::pair<std::string, std::string>> kFamilies{
    {"mmr.", "MMR"},          {"varicella.", "varicella"}, {"hepb.", "hepatitis B"},
    {"tb.", "TB test"},       {"influenza.", "influenza"}, {"tdap.", "Tdap"}};

// The non-empty answers; an empty text is a field left blank.
std::map<std::string, std::string> givenAnswers(const StepSubmission& submission) {
    std::map<std::string, std::string> given;
    for (const auto& [name, value] : submission.answers)
        if (!value.empty()) given.emplace(name, value);
    return given;
}

std::string joinChoices(const std::vector<std::string>& choices) {
    std::string text;
    for (const auto& c : choices) text += (text.empty() ? "" : ", ") + c;
    return text;
}

// Reads a rule's answers from a validated submission.
class Answers {
public:
    explicit Answers(const StepSubmission& submission) : given_(givenAnswers(submission)) {}
    std::optional<Date> date(const std::string& name) const {
        const auto found = given_.find(name);
        return found == given_.end() ? std::nullopt : parseIsoDate(found->second);
    }
    std::string text(const std::string& name) const {
        const auto found = given_.find(name);
        return found == given_.end() ? std::string() : found->second;
    }

private:
    std::map<std::string, std::string> given_;
};

// Collects a rule's findings: contradictions (dates that cannot all be true) and a
// non-immune titer always need a person; shortfalls only when nothing meets the rule.
struct Findings {
    std::vector<std::string> contradictions;
    std::vector<std::string> shortfalls;

    void beforeBirth(const std::optional<Date>& birth, const std::optional<Date>& date, const std::string& what) {
        if (birth && date && *date < *birth)
            contradictions.push_back(what + " (" + isoDate(*date) + ") is before the birth date (" + isoDate(*birth) +
                                     ")");
    }
    void finish(RuleOutcome& outcome, bool satisfied, const std::string& evidence) const {
        outcome.met = satisfied && contradictions.empty();
        outcome.reasons = contradictions;
        if (!satisfied) outcome.reasons.insert(outcome.reasons.end(), shortfalls.begin(), shortfalls.end());
        if (outcome.met) outcome.evidence = evidence;
    }
};

// A titer's bearing on a rule: positive satisfies it; negative or equivocal always goes to a person.
bool titerSatisfies(const Answers& answers, const std::string& prefix, const std::string& vaccine,
                    const std::optional<Date>& birth, Findings& findings, std::string& evidence) {
    const auto date = answers.date(prefix + ".titerDate");
    const std::string result = answers.text(prefix + ".titerResult");
    if (!date) return false;
    findings.beforeBirth(birth, date, vaccine + " titer");
    if (result == "positive") {
        evidence = "positive titer on " + isoDate(*date);
        return true;
    }
    findings.contradictions.push_back(vaccine + " titer on " + isoDate(*date) + " is " + result +
                                      ": a person decides on immunity");
    return false;
}

RuleOutcome twoDosesOrTiter(const Answers& answers, const std::string& id, const std::string& prefix,
                            const std::string& vaccine, const std::optional<Date>& birth) {
    RuleOutcome outcome{id, vaccine, false, "", {}, std::nullopt};
    Findings findings;
    std::string evidence;
    const bool titer = titerSatisfies(answers, prefix, vaccine, birth, findings, evidence);
    const auto dose1 = answers.date(prefix + ".dose1");
    const auto dose2 = answers.date(prefix + ".dose2");
    findings.beforeBirth(birth, dose1, vaccine + " dose 1");
    findings.beforeBirth(birth, dose2, vaccine + " dose 2");
    bool doses = false;
    if (dose1 && dose2) {
        const long apart = daysBetween(*dose1, *dose2);
        if (apart < 0) {
            findings.contradictions.push_back(vaccine + " dose 2 (" + isoDate(*dose2) + ") is before dose 1 (" +
                                              isoDate(*dose1) + ")");
        } else if (apart < kTwoDoseIntervalDays) {
            findings.shortfalls.push_back(vaccine + " doses on " + isoDate(*dose1) + " and " + isoDate(*dose2) +
                                          " are " + std::to_string(apart) + " days apart; at least " +
                                          std::to_string(kTwoDoseIntervalDays) + " are needed");
        } else if (birth && *dose1 >= *birth && *dose1 < addYears(*birth, 1)) {
            findings.shortfalls.push_back(vaccine + " dose 1 (" + isoDate(*dose1) +
                                          ") was given before the first birthday (" + isoDate(addYears(*birth, 1)) +
                                          ")");
        } else {
            doses = true;
            if (!titer)
                evidence = "two doses, " + isoDate(*dose1) + " and " + isoDate(*dose2) + " (" +
                           std::to_string(apart) + " days apart)";
        }
    } else if (dose1) {
        findings.shortfalls.push_back(vaccine + ": one dose recorded (" + isoDate(*dose1) +
                                      "); two doses or a positive titer are needed");
    } else {
        findings.shortfalls.push_back(vaccine + (answers.date(prefix + ".titerDate") ? ": no doses recorded"
                                                                                     : ": no doses and no titer recorded"));
    }
    findings.finish(outcome, titer || doses, evidence);
    return outcome;
}

RuleOutcome hepatitisB(const Answers& answers, const std::optional<Date>& birth) {
    const std::string vaccine = "Hepatitis B";
    RuleOutcome outcome{"hepatitisB", vaccine, false, "", {}, std::nullopt};
    Findings findings;
    std::string evidence;
    const bool titer = titerSatisfies(answers, "hepb", vaccine, birth, findings, evidence);
    const std::optional<Date> dose[3] = {answers.date("hepb.dose1"), answers.date("hepb.dose2"),
                                         answers.date("hepb.dose3")};
    for (int i = 0; i < 3; ++i) findings.beforeBirth(birth, dose[i], vaccine + " dose " + std::to_string(i + 1));
    bool outOfOrder = false;
    for (int i = 1; i < 3; ++i)
        if (dose[i] && dose[i - 1] && *dose[i] < *dose[i - 1]) {
            outOfOrder = true;
            findings.contradictions.push_back(vaccine + " dose " + std::to_string(i + 1) + " (" + isoDate(*dose[i]) +
                                              ") is before dose " + std::to_string(i) + " (" + isoDate(*dose[i - 1]) +
                                              ")");
        }
    const std::string kind = answers.text("hepb.vaccine");
    const auto tooClose = [&](int a, int b, long minimum) {
        const long apart = daysBetween(*dose[a], *dose[b]);
        if (apart >= minimum) return false;
        findings.shortfalls.push_back(vaccine + " doses " + std::to_string(a + 1) + " and " + std::to_string(b + 1) +
                                      " are " + std::to_string(apart) + " days apart; at least " +
                                      std::to_string(minimum) + " are needed");
        return true;
    };
    bool series = false;
    if (outOfOrder) {
        // Doses out of order: their intervals mean nothing until a person sorts them out.
    } else if (kind == "heplisav-b" && dose[0] && dose[1]) {
        series = !tooClose(0, 1, kTwoDoseIntervalDays);
        if (series && !titer)
            evidence = "Heplisav-B series, " + isoDate(*dose[0]) + " and " + isoDate(*dose[1]);
    } else if (dose[0] && dose[1] && dose[2]) {
        const bool short12 = tooClose(0, 1, kTwoDoseIntervalDays);
        const bool short23 = tooClose(1, 2, kHepBDose2To3Days);
        const bool short13 = tooClose(0, 2, kHepBDose1To3Days);
        series = !short12 && !short23 && !short13;
        if (series && !titer)
            evidence = "three-dose series, " + isoDate(*dose[0]) + ", " + isoDate(*dose[1]) + " and " +
                       isoDate(*dose[2]);
    } else if (dose[0] && dose[1]) {
        findings.shortfalls.push_back(vaccine + ": two doses recorded; a two-dose series counts only for Heplisav-B "
                                                "(hepb.vaccine), otherwise three doses or a positive titer are needed");
    } else if (dose[0]) {
        findings.shortfalls.push_back(vaccine + ": the series is incomplete (one dose recorded); a complete series or "
                                                "a positive titer is needed");
    } else {
        findings.shortfalls.push_back(vaccine + (answers.date("hepb.titerDate") ? ": no doses recorded"
                                                                                : ": no doses and no titer recorded"));
    }
    findings.finish(outcome, titer || series, evidence);
    return outcome;
}

RuleOutcome tbTest(const Answers& answers, const ImmunizationSettings& settings, const ReferenceDates& dates,
                   const std::optional<Date>& birth) {
    RuleOutcome outcome{"tb", "Tuberculosis test", false, "", {}, std::nullopt};
    Findings findings;
    const auto date = answers.date("tb.date");
    if (!date) {
        findings.shortfalls.push_back("TB test: none recorded");
        findings.finish(outcome, false, "");
        return outcome;
    }
    const std::string kind = answers.text("tb.kind");
    const std::string result = answers.text("tb.result");
    const std::string what = "TB test (" + kind + ") on " + isoDate(*date);
    findings.beforeBirth(birth, date, "TB test");
    const Date lapse = addDays(*date, settings.tbValidityDays);
    bool satisfied = true;
    if (lapse < dates.coverFrom()) {
        satisfied = false;
        if (dates.coversFromRotationStart())
            findings.shortfalls.push_back(what + " is " + std::to_string(daysBetween(*date, dates.rotationStart)) +
                                          " days before the rotation start (" + isoDate(dates.rotationStart) +
                                          "); at most " + std::to_string(settings.tbValidityDays) + " are allowed");
        else
            findings.shortfalls.push_back(what + " lapsed on " + isoDate(lapse) + " (" +
                                          std::to_string(settings.tbValidityDays) + " days), before today (" +
                                          isoDate(dates.today) + ")");
    }
    if (result == "positive")
        findings.contradictions.push_back(what + " is positive: a clinician reviews it (follow-up, chest X-ray)");
    else if (result == "indeterminate")
        findings.contradictions.push_back(what + " is indeterminate: a person decides whether to repeat it");
    if (kind == "chest-xray")
        findings.contradictions.push_back("a chest X-ray (" + isoDate(*date) +
                                          ") stands in for a TST or IGRA only after a positive one: a person reviews it");
    findings.finish(outcome, satisfied, kind + " " + result + " on " + isoDate(*date) + ", valid through " +
                                            isoDate(lapse));
    if (outcome.met) outcome.lapse = lapse;
    return outcome;
}

RuleOutcome influenza(const Answers& answers, const ImmunizationSettings& settings, const ReferenceDates& dates,
                      const std::optional<Date>& birth) {
    RuleOutcome outcome{"influenza", "Influenza", false, "", {}, std::nullopt};
    Findings findings;
    const Date start = seasonStart(dates.coverFrom(), settings.fluSeasonStartMonth);
    const std::string season = "the season from " + isoDate(start) + " to " + isoDate(seasonEnd(start));
    const auto date = answers.date("influenza.date");
    if (!date) {
        findings.shortfalls.push_back("Influenza: no vaccination recorded for " + season);
        findings.finish(outcome, false, "");
        return outcome;
    }
    findings.beforeBirth(birth, date, "Influenza vaccination");
    const bool satisfied = *date >= start;
    if (!satisfied)
        findings.shortfalls.push_back("Influenza vaccination on " + isoDate(*date) + " is from an earlier season than " +
                                      season);
    const Date ownStart = seasonStart(*date, settings.fluSeasonStartMonth);
    findings.finish(outcome, satisfied, "vaccinated on " + isoDate(*date) + ", for the season from " +
                                            isoDate(ownStart) + " to " + isoDate(seasonEnd(ownStart)));
    if (outcome.met) outcome.lapse = seasonEnd(ownStart);
    return outcome;
}

RuleOutcome tdap(const Answers& answers, const ImmunizationSettings& settings, const ReferenceDates& dates,
                 const std::optional<Date>& birth) {
    RuleOutcome outcome{"tdap", "Tdap", false, "", {}, std::nullopt};
    Findings findings;
    const auto date = answers.date("tdap.date");
    if (!date) {
        findings.shortfalls.push_back("Tdap: none recorded");
        findings.finish(outcome, false, "");
        return outcome;
    }
    findings.beforeBirth(birth, date, "Tdap");
    const Date lapse = addYears(*date, settings.tdapValidityYears);
    const bool satisfied = lapse >= dates.coverFrom();
    if (!satisfied)
        findings.shortfalls.push_back("Tdap on " + isoDate(*date) + " lapsed on " + isoDate(lapse) + " (" +
                                      std::to_string(settings.tdapValidityYears) + " years), before " +
                                      dates.coverFromText());
    findings.finish(outcome, satisfied, "given on " + isoDate(*date) + ", valid through " + isoDate(lapse));
    if (outcome.met) outcome.lapse = lapse;
    return outcome;
}

// Every field name the record knows, asked for by this step or not.
bool isRecordFieldName(const std::string& name) {
    ImmunizationSettings everything;
    everything.mmr = everything.varicella = everything.hepatitisB = everything.tb = everything.influenza =
        everything.tdap = everything.birthDate = true;
    for (const FormField& f : recordFields(everything))
        if (f.name == name) return true;
    return false;
}

void checkPair(const std::map<std::string, std::string>& given, const std::string& needs, const std::string& needed,
               const std::string& message, StepValidation& validation) {
    if (given.count(needs) && !given.count(needed)) validation.errors.emplace_back(needs, message);
}

}  // namespace

ReferenceDates referenceDates(const StepSubmission& submission) {
    ReferenceDates dates;
    if (const auto today = parseIsoDate(submission.today)) {
        dates.today = *today;
        dates.todayFromHost = true;
    } else {
        dates.today = todayUtc();
    }
    if (const auto start = parseIsoDate(submission.rotationStart)) {
        dates.rotationStart = *start;
        dates.startFromHost = true;
    } else {
        dates.rotationStart = dates.today;
    }
    return dates;
}

bool ReferenceDates::coversFromRotationStart() const {
    return startFromHost && rotationStart >= today;
}

std::string ReferenceDates::coverFromText() const {
    return coversFromRotationStart() ? "the rotation start (" + isoDate(rotationStart) + ")"
                                     : "today (" + isoDate(today) + ")";
}

bool Assessment::complete() const {
    return std::all_of(rules.begin(), rules.end(), [](const RuleOutcome& r) { return r.met; });
}

std::string Assessment::reasons() const {
    std::string text;
    for (const RuleOutcome& rule : rules)
        for (const std::string& reason : rule.reasons) text += (text.empty() ? "" : "\n") + reason;
    return text;
}

std::optional<Date> Assessment::expiry() const {
    std::optional<Date> earliest;
    for (const RuleOutcome& rule : rules)
        if (rule.lapse && (!earliest || *rule.lapse < *earliest)) earliest = rule.lapse;
    return earliest;
}

std::vector<FormField> recordFields(const ImmunizationSettings& s) {
    std::vector<FormField> fields;
    if (s.birthDate && (s.mmr || s.varicella))
        fields.push_back(dateField("birthDate", "Birth date", "so that a first dose before the first birthday is "
                                                              "recognised"));
    if (s.mmr) addTwoDoseFields(fields, "mmr", "MMR");
    if (s.varicella) addTwoDoseFields(fields, "varicella", "Varicella");
    if (s.hepatitisB) {
        fields.push_back(choiceField("hepb.vaccine", "Hepatitis B vaccine",
                                     "three-dose (Engerix-B, Recombivax HB, …) or heplisav-b (two doses)",
                                     kHepBVaccines));
        for (int i = 1; i <= 3; ++i)
            fields.push_back(dateField("hepb.dose" + std::to_string(i), "Hepatitis B dose " + std::to_string(i),
                                       i == 3 ? "not needed for Heplisav-B" : "the date of this dose, if you had it"));
        fields.push_back(dateField("hepb.titerDate", "Hepatitis B titer date", "the date of an anti-HBs titer, if any"));
        fields.push_back(choiceField("hepb.titerResult", "Hepatitis B titer result",
                                     "positive: anti-HBs at least 10 mIU/mL", kTiterResults));
    }
    if (s.tb) {
        fields.push_back(choiceField("tb.kind", "TB test", "tst (skin test), igra (blood test) or chest-xray", kTbKinds));
        fields.push_back(dateField("tb.date", "TB test date",
                                   "the date the test was read or drawn, at most " + std::to_string(s.tbValidityDays) +
                                       " days before the rotation starts"));
        fields.push_back(choiceField("tb.result", "TB test result",
                                     "for a chest X-ray, negative means no sign of active TB", kTbResults));
    }
    if (s.influenza)
        fields.push_back(dateField("influenza.date", "Influenza vaccination date",
                                   "this season's vaccination (seasons start on the 1st of month " +
                                       std::to_string(s.fluSeasonStartMonth) + ")"));
    if (s.tdap)
        fields.push_back(dateField("tdap.date", "Tdap date",
                                   "the last Tdap, within " + std::to_string(s.tdapValidityYears) + " years"));
    FormField documents{"documentIds", "Copy of the record", "document",
                        "a scan of the immunization record or laboratory reports, uploaded to this step",
                        s.requireDocument, {}};
    fields.push_back(documents);
    return fields;
}

StepValidation validateRecord(const StepSubmission& submission, const ImmunizationSettings& settings) {
    StepValidation validation;
    const ReferenceDates dates = referenceDates(submission);
    const std::vector<FormField> fields = recordFields(settings);
    const auto given = givenAnswers(submission);
    for (const auto& [name, value] : given) {
        if (name == "documentIds") {
            validation.errors.emplace_back(name, "documents are uploaded to the step and listed in documentIds, not "
                                                 "typed as an answer");
            continue;
        }
        const auto field = std::find_if(fields.begin(), fields.end(), [&](const FormField& f) { return f.name == name; });
        if (field == fields.end()) {
            std::string family;
            for (const auto& [prefix, label] : kFamilies)
                if (name.rfind(prefix, 0) == 0) family = label;
            if (isRecordFieldName(name))
                validation.errors.emplace_back(name, "is not asked for by this step (the facility does not require " +
                                                         (family.empty() ? std::string("it") : family) + ")");
            else
                validation.errors.emplace_back(name, "is not a field of the immunization record");
            continue;
        }
        if (field->type == "date") {
            std::string problem;
            const auto date = parseIsoDate(value, &problem);
            if (!date)
                validation.errors.emplace_back(name, problem);
            else if (*date > dates.today)
                validation.errors.emplace_back(name, "is after today (" + isoDate(dates.today) + ")");
            else if (*date < kEarliestDate)
                validation.errors.emplace_back(name, "is before " + isoDate(kEarliestDate));
        } else if (field->type == "choice" &&
                   std::find(field->choices.begin(), field->choices.end(), value) == field->choices.end()) {
            validation.errors.emplace_back(name, "must be one of: " + joinChoices(field->choices));
        }
    }
    // Answers that mean nothing without another, for the requirements asked for
    // (an answer to another is already refused above).
    std::vector<std::string> twoDosePrefixes;
    if (settings.mmr) twoDosePrefixes.push_back("mmr");
    if (settings.varicella) twoDosePrefixes.push_back("varicella");
    if (settings.hepatitisB) twoDosePrefixes.push_back("hepb");
    for (const std::string& prefix : twoDosePrefixes) {
        checkPair(given, prefix + ".titerResult", prefix + ".titerDate",
                  "a titer result needs the titer's date (" + prefix + ".titerDate)", validation);
        checkPair(given, prefix + ".titerDate", prefix + ".titerResult",
                  "a titer date needs the titer's result (" + prefix + ".titerResult)", validation);
        checkPair(given, prefix + ".dose2", prefix + ".dose1", "a second dose needs the first (" + prefix + ".dose1)",
                  validation);
    }
    if (settings.hepatitisB)
        checkPair(given, "hepb.dose3", "hepb.dose2", "a third dose needs the second (hepb.dose2)", validation);
    if (settings.tb && (given.count("tb.kind") || given.count("tb.date") || given.count("tb.result")))
        for (const std::string name : {"tb.kind", "tb.date", "tb.result"})
            if (!given.count(name))
                validation.errors.emplace_back(name, "is needed with the other TB test answers (tb.kind, tb.date, "
                                                     "tb.result)");
    if (given.empty() && submission.documentIds.empty())
        validation.errors.emplace_back("documentIds", "the record is empty: enter the dates of your immunizations "
                                                      "and tests, or attach a copy");
    else if (settings.requireDocument && submission.documentIds.empty())
        validation.errors.emplace_back("documentIds", "attach a copy of the immunization record (this step requires "
                                                      "one)");
    return validation;
}

Assessment assessRecord(const StepSubmission& submission, const ImmunizationSettings& settings) {
    Assessment assessment;
    assessment.dates = referenceDates(submission);
    const Answers answers(submission);
    const std::optional<Date> birth = settings.birthDate ? answers.date("birthDate") : std::nullopt;
    if (settings.mmr) assessment.rules.push_back(twoDosesOrTiter(answers, "mmr", "mmr", "MMR", birth));
    if (settings.varicella)
        assessment.rules.push_back(twoDosesOrTiter(answers, "varicella", "varicella", "Varicella", birth));
    if (settings.hepatitisB) assessment.rules.push_back(hepatitisB(answers, birth));
    if (settings.tb) assessment.rules.push_back(tbTest(answers, settings, assessment.dates, birth));
    if (settings.influenza) assessment.rules.push_back(influenza(answers, settings, assessment.dates, birth));
    if (settings.tdap) assessment.rules.push_back(tdap(answers, settings, assessment.dates, birth));
    return assessment;
}

}  // namespace rotunda::immunization
