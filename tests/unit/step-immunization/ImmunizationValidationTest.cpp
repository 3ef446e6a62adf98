// ImmunizationValidationTest.cpp — field-level errors of an immunization record: the
// form follows the settings; impossible, malformed and future dates; dates judged
// against the facility's own date (Auckland and Los Angeles at one instant); unknown
// fields; answers that need another; an empty record; a required copy.
#include "ImmunizationTestData.h"
#include "TestSupport.h"

#include <algorithm>

using namespace rotunda::immunization;
using namespace rotunda::immunization::test;
using rotunda::plugin::FormField;

namespace {

std::string validate(const rotunda::plugin::StepSubmission& s,
                     const std::vector<std::pair<std::string, std::string>>& settings = {}) {
    return errorsOf(ImmunizationStepType().validate(s, settingValues(settings)));
}

std::string fieldNames(const std::vector<FormField>& fields) {
    std::string text;
    for (const auto& f : fields) text += (text.empty() ? "" : ",") + f.name;
    return text;
}

}  // namespace

class ImmunizationValidationTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(ImmunizationValidationTest);
    CPPUNIT_TEST(testTheFormHasOnlyTheFieldsOfEnabledRequirements);
    CPPUNIT_TEST(testEveryFieldCanBeRenderedFromItsDeclaration);
    CPPUNIT_TEST(testACompleteRecordIsValid);
    CPPUNIT_TEST(testImpossibleDatesAreFieldErrors);
    CPPUNIT_TEST(testMalformedDatesAndChoicesAreFieldErrors);
    CPPUNIT_TEST(testDatesAfterTheFacilitysTodayAreRefused);
    CPPUNIT_TEST(testTheSameInstantIsJudgedByEachFacilitysOwnDate);
    CPPUNIT_TEST(testWithoutAHostDateTodayIsTakenInUtc);
    CPPUNIT_TEST(testUnknownFieldsAndFieldsTheStepDoesNotAskFor);
    CPPUNIT_TEST(testAResultNeedsItsDateAndADoseItsPredecessor);
    CPPUNIT_TEST(testATbTestNeedsKindDateAndResult);
    CPPUNIT_TEST(testBlankAnswersAreLeftOut);
    CPPUNIT_TEST(testAnEmptyRecordIsRefusedButACopyAloneIsNot);
    CPPUNIT_TEST(testARequiredCopyMustBeAttached);
    CPPUNIT_TEST_SUITE_END();

public:
    void testTheFormHasOnlyTheFieldsOfEnabledRequirements() {
        const ImmunizationStepType type;
        CPPUNIT_ASSERT_EQUAL(std::string("birthDate,mmr.dose1,mmr.dose2,mmr.titerDate,mmr.titerResult,tb.kind,tb.date,"
                                         "tb.result,influenza.date,documentIds"),
                             fieldNames(type.fields(settingValues({}))));
        CPPUNIT_ASSERT_EQUAL(std::string("hepb.vaccine,hepb.dose1,hepb.dose2,hepb.dose3,hepb.titerDate,"
                                         "hepb.titerResult,tdap.date,documentIds"),
                             fieldNames(type.fields(settingValues({{"requireMmr", "false"},
                                                                   {"requireTb", "false"},
                                                                   {"requireInfluenza", "false"},
                                                                   {"requireHepatitisB", "true"},
                                                                   {"requireTdap", "true"}}))));
        CPPUNIT_ASSERT_EQUAL(std::string("varicella.dose1,varicella.dose2,varicella.titerDate,varicella.titerResult,"
                                         "documentIds"),
                             fieldNames(type.fields(settingValues({{"requireMmr", "false"},
                                                                   {"requireTb", "false"},
                                                                   {"requireInfluenza", "false"},
                                                                   {"requireVaricella", "true"},
                                                                   {"askBirthDate", "false"}}))));
    }

    void testEveryFieldCanBeRenderedFromItsDeclaration() {
        const auto fields = ImmunizationStepType().fields(settingValues(
            {{"requireVaricella", "true"}, {"requireHepatitisB", "true"}, {"requireTdap", "true"},
             {"requireDocument", "true"}, {"tbValidityDays", "90"}}));
        CPPUNIT_ASSERT_EQUAL(std::size_t(21), fields.size());
        for (const FormField& f : fields) {
            CPPUNIT_ASSERT_MESSAGE(f.name, !f.label.empty() && !f.help.empty());
            CPPUNIT_ASSERT_MESSAGE(f.name, f.type == "date" || f.type == "choice" || f.type == "document");
            CPPUNIT_ASSERT_MESSAGE(f.name, (f.type == "choice") == !f.choices.empty());
            CPPUNIT_ASSERT_MESSAGE(f.name, f.required == (f.name == "documentIds"));
        }
        const auto tbKind = std::find_if(fields.begin(), fields.end(), [](const FormField& f) { return f.name == "tb.kind"; });
        CPPUNIT_ASSERT_EQUAL(std::string("tst,igra,chest-xray"),
                             tbKind->choices[0] + "," + tbKind->choices[1] + "," + tbKind->choices[2]);
        const auto tbDate = std::find_if(fields.begin(), fields.end(), [](const FormField& f) { return f.name == "tb.date"; });
        CPPUNIT_ASSERT(tbDate->help.find("at most 90 days") != std::string::npos);
    }

    void testACompleteRecordIsValid() {
        CPPUNIT_ASSERT_EQUAL(std::string(), validate(submission(completeRecord())));
    }

    void testImpossibleDatesAreFieldErrors() {
        CPPUNIT_ASSERT_EQUAL(std::string("influenza.date: is not a date of the calendar (2025-02-30)\n"
                                         "mmr.dose1: is not a date of the calendar (2025-02-29)\n"
                                         "tb.date: is not a date of the calendar (2026-09-31)"),
                             validate(submission(with(completeRecord(), {{"influenza.date", "2025-02-30"},
                                                                         {"mmr.dose1", "2025-02-29"},
                                                                         {"tb.date", "2026-09-31"}}))));
        CPPUNIT_ASSERT_EQUAL(std::string(),
                             validate(submission(with(completeRecord(), {{"mmr.dose1", "2000-02-29"}}))));
        CPPUNIT_ASSERT_EQUAL(std::string("birthDate: is before 1900-01-01"),
                             validate(submission(with(completeRecord(), {{"birthDate", "1899-12-31"}}))));
    }

    void testMalformedDatesAndChoicesAreFieldErrors() {
        CPPUNIT_ASSERT_EQUAL(std::string("mmr.dose2: must be a date written YYYY-MM-DD\n"
                                         "tb.kind: must be one of: tst, igra, chest-xray\n"
                                         "tb.result: must be one of: negative, positive, indeterminate"),
                             validate(submission(with(completeRecord(), {{"mmr.dose2", "09/01/2003"},
                                                                         {"tb.kind", "PPD"},
                                                                         {"tb.result", "Negative"}}))));
        CPPUNIT_ASSERT_EQUAL(std::string("mmr.titerResult: must be one of: positive, negative, equivocal"),
                             validate(submission(with(completeRecord(), {{"mmr.titerDate", "2020-01-01"},
                                                                         {"mmr.titerResult", "immune"}}))));
    }

    void testDatesAfterTheFacilitysTodayAreRefused() {
        CPPUNIT_ASSERT_EQUAL(std::string("influenza.date: is after today (2026-11-23)\n"
                                         "tb.date: is after today (2026-11-23)"),
                             validate(submission(with(completeRecord(), {{"influenza.date", "2026-11-24"},
                                                                         {"tb.date", "2027-01-05"}}))));
        // Today itself is not in the future.
        CPPUNIT_ASSERT_EQUAL(std::string(), validate(submission(with(completeRecord(), {{"tb.date", "2026-11-23"}}))));
        // Nor is a date before the rotation starts a problem of validation.
        CPPUNIT_ASSERT_EQUAL(std::string(), validate(submission(completeRecord(), "2026-11-23", "2027-03-01")));
    }

    void testTheSameInstantIsJudgedByEachFacilitysOwnDate() {
        // 2026-11-23T12:30Z is 2026-11-24 01:30 in Pacific/Auckland (NZDT, UTC+13) and
        // 2026-11-23 04:30 in America/Los_Angeles (PST, UTC-8). The host gives the plugin
        // each facility's local date; a vaccination dated the 24th is in the future for one only.
        const auto record = with(completeRecord(), {{"influenza.date", "2026-11-24"}});
        auto auckland = submission(record, "2026-11-24", "2026-12-01");
        auckland.timeZone = "Pacific/Auckland";
        auckland.submittedAt = "2026-11-23T12:30:00Z";
        auto losAngeles = submission(record, "2026-11-23", "2026-12-01");
        losAngeles.timeZone = "America/Los_Angeles";
        losAngeles.submittedAt = "2026-11-23T12:30:00Z";
        CPPUNIT_ASSERT_EQUAL(std::string(), validate(auckland));
        CPPUNIT_ASSERT_EQUAL(std::string("influenza.date: is after today (2026-11-23)"), validate(losAngeles));
    }

    void testWithoutAHostDateTodayIsTakenInUtc() {
        // A host older than ABI 1.2 sends no today: the plugin takes UTC's.
        const std::string utcToday = isoDate(todayUtc());
        const std::string tomorrow = isoDate(addDays(todayUtc(), 1));
        auto old = submission(with(completeRecord(), {{"influenza.date", tomorrow}, {"tb.date", utcToday}}), "", "", "");
        CPPUNIT_ASSERT_EQUAL(std::string("influenza.date: is after today (" + utcToday + ")"), validate(old));
    }

    void testUnknownFieldsAndFieldsTheStepDoesNotAskFor() {
        CPPUNIT_ASSERT_EQUAL(std::string("colour: is not a field of the immunization record\n"
                                         "hepb.dose1: is not asked for by this step (the facility does not require "
                                         "hepatitis B)\n"
                                         "mmr.dose3: is not a field of the immunization record\n"
                                         "tdap.date: is not asked for by this step (the facility does not require Tdap)"),
                             validate(submission(with(completeRecord(), {{"colour", "red"},
                                                                         {"hepb.dose1", "2010-01-01"},
                                                                         {"mmr.dose3", "2010-01-01"},
                                                                         {"tdap.date", "2020-01-01"}}))));
        // One error for an answer the step does not ask for, not also one for its missing partner.
        CPPUNIT_ASSERT_EQUAL(std::string("hepb.dose3: is not asked for by this step (the facility does not require "
                                         "hepatitis B)\n"
                                         "tb.kind: is not asked for by this step (the facility does not require TB test)"),
                             validate(submission({{"hepb.dose3", "2010-01-01"}, {"tb.kind", "igra"}}),
                                      {{"requireTb", "false"}}));
        CPPUNIT_ASSERT_EQUAL(std::string("birthDate: is not asked for by this step (the facility does not require it)"),
                             validate(submission(completeRecord()), {{"askBirthDate", "false"}}));
        CPPUNIT_ASSERT_EQUAL(std::string("documentIds: documents are uploaded to the step and listed in documentIds, "
                                         "not typed as an answer"),
                             validate(submission(with(completeRecord(), {{"documentIds", "d1"}}))));
    }

    void testAResultNeedsItsDateAndADoseItsPredecessor() {
        CPPUNIT_ASSERT_EQUAL(std::string("mmr.titerResult: a titer result needs the titer's date (mmr.titerDate)"),
                             validate(submission(with(completeRecord(), {{"mmr.titerResult", "positive"}}))));
        CPPUNIT_ASSERT_EQUAL(std::string("mmr.titerDate: a titer date needs the titer's result (mmr.titerResult)"),
                             validate(submission(with(completeRecord(), {{"mmr.titerDate", "2020-01-01"}}))));
        CPPUNIT_ASSERT_EQUAL(std::string("mmr.dose2: a second dose needs the first (mmr.dose1)"),
                             validate(submission(with(completeRecord(), {{"mmr.dose1", ""}}))));
        CPPUNIT_ASSERT_EQUAL(std::string("hepb.dose3: a third dose needs the second (hepb.dose2)"),
                             validate(submission({{"hepb.dose1", "2010-01-01"}, {"hepb.dose3", "2010-08-01"}}),
                                      {{"requireHepatitisB", "true"}}));
    }

    void testATbTestNeedsKindDateAndResult() {
        CPPUNIT_ASSERT_EQUAL(std::string("tb.kind: is needed with the other TB test answers (tb.kind, tb.date, tb.result)\n"
                                         "tb.result: is needed with the other TB test answers (tb.kind, tb.date, "
                                         "tb.result)"),
                             validate(submission(with(completeRecord(), {{"tb.kind", ""}, {"tb.result", ""}}))));
        // No TB answers at all is valid: the record goes to review instead.
        CPPUNIT_ASSERT_EQUAL(std::string(), validate(submission(with(completeRecord(), {{"tb.kind", ""},
                                                                                        {"tb.date", ""},
                                                                                        {"tb.result", ""}}))));
    }

    void testBlankAnswersAreLeftOut() {
        // Forms send every field; an empty one was not filled in.
        CPPUNIT_ASSERT(!validate(submission(with(completeRecord(), {{"mmr.titerDate", "x"}}))).empty());
        auto blanks = submission(completeRecord());
        blanks.answers["mmr.titerDate"] = "";
        blanks.answers["mmr.titerResult"] = "";
        CPPUNIT_ASSERT_EQUAL(std::string(), validate(blanks));
    }

    void testAnEmptyRecordIsRefusedButACopyAloneIsNot() {
        CPPUNIT_ASSERT_EQUAL(std::string("documentIds: the record is empty: enter the dates of your immunizations and "
                                         "tests, or attach a copy"),
                             validate(submission({{"mmr.dose1", ""}})));
        CPPUNIT_ASSERT_EQUAL(std::string(), validate(submission({}, "2026-11-23", "2026-12-01", "2027-01-29", {"d1"})));
    }

    void testARequiredCopyMustBeAttached() {
        CPPUNIT_ASSERT_EQUAL(std::string("documentIds: attach a copy of the immunization record (this step requires "
                                         "one)"),
                             validate(submission(completeRecord()), {{"requireDocument", "true"}}));
        CPPUNIT_ASSERT_EQUAL(std::string(), validate(submission(completeRecord(), "2026-11-23", "2026-12-01",
                                                                "2027-01-29", {"d1"}),
                                                     {{"requireDocument", "true"}}));
    }
};

ROTUNDA_TEST_SUITE(ImmunizationValidationTest);
