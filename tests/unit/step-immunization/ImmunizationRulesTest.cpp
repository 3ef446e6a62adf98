// ImmunizationRulesTest.cpp — automatic verification of immunization records: each
// requirement met and missed, the borderline days (365/366 days, doses 27/28 days
// apart, leap days, the day the influenza season changes, ten years of Tdap), the
// facility's own date, the expiry (the earliest lapse), every reason one per line,
// never an automatic rejection, and what record() keeps for reviewers.
#include "ImmunizationTestData.h"
#include "TestSupport.h"

using namespace rotunda::immunization;
using namespace rotunda::immunization::test;
using rotunda::plugin::StepSubmission;
using rotunda::plugin::StepVerdict;
using rotunda::plugin::StepVerification;

namespace {

using Settings = std::vector<std::pair<std::string, std::string>>;

// Only the requirement under test, so other rules do not add reasons.
const Settings kOnlyMmr{{"requireTb", "false"}, {"requireInfluenza", "false"}};
const Settings kOnlyTb{{"requireMmr", "false"}, {"requireInfluenza", "false"}};
const Settings kOnlyInfluenza{{"requireMmr", "false"}, {"requireTb", "false"}};
const Settings kOnlyTdap{{"requireMmr", "false"}, {"requireTb", "false"}, {"requireInfluenza", "false"},
                         {"requireTdap", "true"}};
const Settings kOnlyHepB{{"requireMmr", "false"}, {"requireTb", "false"}, {"requireInfluenza", "false"},
                         {"requireHepatitisB", "true"}};
const Settings kOnlyVaricella{{"requireMmr", "false"}, {"requireTb", "false"}, {"requireInfluenza", "false"},
                              {"requireVaricella", "true"}};

// "verified until 2027-07-31", "verified (no expiry)", "review: …" or "rejected: …".
std::string outcome(const StepSubmission& s, const Settings& settings = {}) {
    const StepVerification v = ImmunizationStepType().verify(s, settingValues(settings));
    switch (v.verdict) {
    case StepVerdict::Verified:
        return v.expiresAt.empty() ? "verified (no expiry)" : "verified until " + v.expiresAt;
    case StepVerdict::Manual:
        return "review: " + v.reason;
    case StepVerdict::Rejected:
        break;
    }
    return "rejected: " + v.reason;
}

// The MMR part of completeRecord().
std::map<std::string, std::string> mmrRecord() {
    return {{"birthDate", "1998-05-10"}, {"mmr.dose1", "1999-06-01"}, {"mmr.dose2", "2003-09-01"}};
}

StepSubmission tb(const std::string& kind, const std::string& date, const std::string& result,
                  const std::string& today = "2026-11-23", const std::string& start = "2026-12-01") {
    return submission({{"tb.kind", kind}, {"tb.date", date}, {"tb.result", result}}, today, start);
}

}  // namespace

class ImmunizationRulesTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(ImmunizationRulesTest);
    CPPUNIT_TEST(testACompleteRecordVerifiesUntilTheEarliestLapse);
    CPPUNIT_TEST(testLifelongRequirementsAloneSetNoExpiry);
    CPPUNIT_TEST(testMmrByTwoDosesOrAPositiveTiter);
    CPPUNIT_TEST(testMmrDosesMustBeTwentyEightDaysApart);
    CPPUNIT_TEST(testDoseIntervalsCountTheLeapDay);
    CPPUNIT_TEST(testAFirstDoseBeforeTheFirstBirthdayGoesToReview);
    CPPUNIT_TEST(testANegativeOrEquivocalTiterAlwaysGoesToReview);
    CPPUNIT_TEST(testContradictoryDatesGoToReviewEvenWithAPositiveTiter);
    CPPUNIT_TEST(testMissingAndIncompleteMmr);
    CPPUNIT_TEST(testTbTestWithin365DaysOfTheStart);
    CPPUNIT_TEST(testTbWindowAcrossALeapDay);
    CPPUNIT_TEST(testTbValidityIsASetting);
    CPPUNIT_TEST(testPositiveIndeterminateAndChestXrayTbGoToReview);
    CPPUNIT_TEST(testOnceTheRotationHasBegunTheRecordMustBeValidToday);
    CPPUNIT_TEST(testInfluenzaSeasonChangesOnAugustFirst);
    CPPUNIT_TEST(testInfluenzaSeasonStartMonthIsASetting);
    CPPUNIT_TEST(testTheSameInstantFollowsEachFacilitysDates);
    CPPUNIT_TEST(testTdapWithinTenYears);
    CPPUNIT_TEST(testTdapGivenOnALeapDay);
    CPPUNIT_TEST(testHepatitisBSeriesOrTiter);
    CPPUNIT_TEST(testVaricellaLikeMmr);
    CPPUNIT_TEST(testEveryReasonIsListedOnePerLine);
    CPPUNIT_TEST(testACopyAloneGoesToReview);
    CPPUNIT_TEST(testWithoutRotationDatesTheRotationStartsToday);
    CPPUNIT_TEST(testNothingIsRejectedAutomatically);
    CPPUNIT_TEST(testAnInvalidSubmissionIsNeverVerified);
    CPPUNIT_TEST(testRecordKeepsWhatMetEachRequirement);
    CPPUNIT_TEST(testRecordSaysWhenTheHostGaveNoDates);
    CPPUNIT_TEST_SUITE_END();

public:
    void testACompleteRecordVerifiesUntilTheEarliestLapse() {
        // TB test valid through 2027-10-01, influenza through the season's end, 2027-07-31.
        CPPUNIT_ASSERT_EQUAL(std::string("verified until 2027-07-31"), outcome(submission(completeRecord())));
        // A shorter TB validity lapses first: 2026-10-01 + 180 days.
        CPPUNIT_ASSERT_EQUAL(std::string("verified until 2027-03-30"),
                             outcome(submission(completeRecord()), {{"tbValidityDays", "180"}}));
    }

    void testLifelongRequirementsAloneSetNoExpiry() {
        // The host then applies the step's own expiryDays, if any.
        CPPUNIT_ASSERT_EQUAL(std::string("verified (no expiry)"), outcome(submission(mmrRecord()), kOnlyMmr));
    }

    void testMmrByTwoDosesOrAPositiveTiter() {
        CPPUNIT_ASSERT_EQUAL(std::string("verified (no expiry)"),
                             outcome(submission({{"mmr.titerDate", "2020-01-01"}, {"mmr.titerResult", "positive"}}),
                                     kOnlyMmr));
        CPPUNIT_ASSERT_EQUAL(std::string("verified (no expiry)"),
                             outcome(submission({{"mmr.dose1", "2010-01-01"}, {"mmr.dose2", "2015-06-30"}}), kOnlyMmr));
    }

    void testMmrDosesMustBeTwentyEightDaysApart() {
        CPPUNIT_ASSERT_EQUAL(
            std::string("review: MMR doses on 2010-01-01 and 2010-01-28 are 27 days apart; at least 28 are needed"),
            outcome(submission({{"mmr.dose1", "2010-01-01"}, {"mmr.dose2", "2010-01-28"}}), kOnlyMmr));
        CPPUNIT_ASSERT_EQUAL(std::string("verified (no expiry)"),
                             outcome(submission({{"mmr.dose1", "2010-01-01"}, {"mmr.dose2", "2010-01-29"}}), kOnlyMmr));
        // Two doses on one day are not a series.
        CPPUNIT_ASSERT_EQUAL(
            std::string("review: MMR doses on 2010-01-01 and 2010-01-01 are 0 days apart; at least 28 are needed"),
            outcome(submission({{"mmr.dose1", "2010-01-01"}, {"mmr.dose2", "2010-01-01"}}), kOnlyMmr));
    }

    void testDoseIntervalsCountTheLeapDay() {
        // 1 to 29 February 2024 is 28 days; 1 to 28 February 2023 only 27.
        CPPUNIT_ASSERT_EQUAL(std::string("verified (no expiry)"),
                             outcome(submission({{"mmr.dose1", "2024-02-01"}, {"mmr.dose2", "2024-02-29"}}), kOnlyMmr));
        CPPUNIT_ASSERT_EQUAL(
            std::string("review: MMR doses on 2023-02-01 and 2023-02-28 are 27 days apart; at least 28 are needed"),
            outcome(submission({{"mmr.dose1", "2023-02-01"}, {"mmr.dose2", "2023-02-28"}}), kOnlyMmr));
        CPPUNIT_ASSERT_EQUAL(std::string("verified (no expiry)"),
                             outcome(submission({{"mmr.dose1", "2023-02-01"}, {"mmr.dose2", "2023-03-01"}}), kOnlyMmr));
    }

    void testAFirstDoseBeforeTheFirstBirthdayGoesToReview() {
        CPPUNIT_ASSERT_EQUAL(
            std::string("review: MMR dose 1 (1999-05-09) was given before the first birthday (1999-05-10)"),
            outcome(submission(with(mmrRecord(), {{"mmr.dose1", "1999-05-09"}})), kOnlyMmr));
        CPPUNIT_ASSERT_EQUAL(std::string("verified (no expiry)"),
                             outcome(submission(with(mmrRecord(), {{"mmr.dose1", "1999-05-10"}})), kOnlyMmr));
        // Without a birth date nothing is known about it.
        CPPUNIT_ASSERT_EQUAL(std::string("verified (no expiry)"),
                             outcome(submission(with(mmrRecord(), {{"mmr.dose1", "1999-05-09"}, {"birthDate", ""}})),
                                     kOnlyMmr));
        // Born on a leap day: the first birthday is taken as 28 February.
        CPPUNIT_ASSERT_EQUAL(std::string("verified (no expiry)"),
                             outcome(submission({{"birthDate", "2000-02-29"}, {"mmr.dose1", "2001-02-28"},
                                                 {"mmr.dose2", "2005-03-01"}}),
                                     kOnlyMmr));
        CPPUNIT_ASSERT_EQUAL(
            std::string("review: MMR dose 1 (2001-02-27) was given before the first birthday (2001-02-28)"),
            outcome(submission({{"birthDate", "2000-02-29"}, {"mmr.dose1", "2001-02-27"}, {"mmr.dose2", "2005-03-01"}}),
                    kOnlyMmr));
    }

    void testANegativeOrEquivocalTiterAlwaysGoesToReview() {
        for (const std::string result : {"negative", "equivocal"})
            CPPUNIT_ASSERT_EQUAL(std::string("review: MMR titer on 2020-01-01 is " + result +
                                             ": a person decides on immunity"),
                                 outcome(submission(with(mmrRecord(), {{"mmr.titerDate", "2020-01-01"},
                                                                       {"mmr.titerResult", result}})),
                                         kOnlyMmr));
        CPPUNIT_ASSERT_EQUAL(
            std::string("review: MMR titer on 2020-01-01 is negative: a person decides on immunity\nMMR: no doses recorded"),
            outcome(submission({{"mmr.titerDate", "2020-01-01"}, {"mmr.titerResult", "negative"}}), kOnlyMmr));
    }

    void testContradictoryDatesGoToReviewEvenWithAPositiveTiter() {
        CPPUNIT_ASSERT_EQUAL(
            std::string("review: MMR dose 2 (2003-01-01) is before dose 1 (2004-01-01)"),
            outcome(submission({{"mmr.dose1", "2004-01-01"}, {"mmr.dose2", "2003-01-01"},
                                {"mmr.titerDate", "2020-01-01"}, {"mmr.titerResult", "positive"}}),
                    kOnlyMmr));
        CPPUNIT_ASSERT_EQUAL(
            std::string("review: MMR titer (1997-01-01) is before the birth date (1998-05-10)"),
            outcome(submission({{"birthDate", "1998-05-10"}, {"mmr.titerDate", "1997-01-01"},
                                {"mmr.titerResult", "positive"}}),
                    kOnlyMmr));
        CPPUNIT_ASSERT_EQUAL(std::string("review: TB test (1997-03-01) is before the birth date (1998-05-10)\n"
                                         "TB test (igra) on 1997-03-01 is 10867 days before the rotation start "
                                         "(2026-12-01); at most 365 are allowed"),
                             outcome(submission(with(mmrRecord(), {{"tb.kind", "igra"}, {"tb.date", "1997-03-01"},
                                                                   {"tb.result", "negative"}})),
                                     {{"requireInfluenza", "false"}}));
    }

    void testMissingAndIncompleteMmr() {
        CPPUNIT_ASSERT_EQUAL(std::string("review: MMR: one dose recorded (2010-01-01); two doses or a positive titer "
                                         "are needed"),
                             outcome(submission({{"mmr.dose1", "2010-01-01"}}), kOnlyMmr));
        CPPUNIT_ASSERT_EQUAL(std::string("review: MMR: no doses and no titer recorded"),
                             outcome(submission({{"birthDate", "1998-05-10"}}), kOnlyMmr));
    }

    void testTbTestWithin365DaysOfTheStart() {
        // Exactly 365 days before the start: valid through the start day itself.
        CPPUNIT_ASSERT_EQUAL(std::string("verified until 2026-12-01"), outcome(tb("igra", "2025-12-01", "negative"), kOnlyTb));
        CPPUNIT_ASSERT_EQUAL(std::string("review: TB test (igra) on 2025-11-30 is 366 days before the rotation start "
                                         "(2026-12-01); at most 365 are allowed"),
                             outcome(tb("igra", "2025-11-30", "negative"), kOnlyTb));
        CPPUNIT_ASSERT_EQUAL(std::string("verified until 2027-11-20"), outcome(tb("tst", "2026-11-20", "negative"), kOnlyTb));
        // A test after the rotation started (the rotation is under way) counts too.
        CPPUNIT_ASSERT_EQUAL(std::string("verified until 2027-11-22"),
                             outcome(tb("tst", "2026-11-22", "negative", "2026-11-23", "2026-11-20"), kOnlyTb));
    }

    void testTbWindowAcrossALeapDay() {
        // 2024-02-29 to 2025-02-28 is 365 days; to 2025-03-01, 366.
        CPPUNIT_ASSERT_EQUAL(std::string("verified until 2025-02-28"),
                             outcome(tb("igra", "2024-02-29", "negative", "2025-02-20", "2025-02-28"), kOnlyTb));
        CPPUNIT_ASSERT_EQUAL(std::string("review: TB test (igra) on 2024-02-29 is 366 days before the rotation start "
                                         "(2025-03-01); at most 365 are allowed"),
                             outcome(tb("igra", "2024-02-29", "negative", "2025-02-20", "2025-03-01"), kOnlyTb));
        // Across 2024's leap day, 365 days before 2024-12-01 is 2023-12-02.
        CPPUNIT_ASSERT_EQUAL(std::string("verified until 2024-12-01"),
                             outcome(tb("igra", "2023-12-02", "negative", "2024-11-23", "2024-12-01"), kOnlyTb));
        CPPUNIT_ASSERT_EQUAL(std::string("review: TB test (igra) on 2023-12-01 is 366 days before the rotation start "
                                         "(2024-12-01); at most 365 are allowed"),
                             outcome(tb("igra", "2023-12-01", "negative", "2024-11-23", "2024-12-01"), kOnlyTb));
    }

    void testTbValidityIsASetting() {
        Settings ninety = kOnlyTb;
        ninety.emplace_back("tbValidityDays", "90");
        CPPUNIT_ASSERT_EQUAL(std::string("verified until 2026-12-01"), outcome(tb("tst", "2026-09-02", "negative"), ninety));
        CPPUNIT_ASSERT_EQUAL(std::string("review: TB test (tst) on 2026-09-01 is 91 days before the rotation start "
                                         "(2026-12-01); at most 90 are allowed"),
                             outcome(tb("tst", "2026-09-01", "negative"), ninety));
    }

    void testPositiveIndeterminateAndChestXrayTbGoToReview() {
        CPPUNIT_ASSERT_EQUAL(std::string("review: TB test (tst) on 2026-10-01 is positive: a clinician reviews it "
                                         "(follow-up, chest X-ray)"),
                             outcome(tb("tst", "2026-10-01", "positive"), kOnlyTb));
        CPPUNIT_ASSERT_EQUAL(std::string("review: TB test (igra) on 2026-10-01 is indeterminate: a person decides "
                                         "whether to repeat it"),
                             outcome(tb("igra", "2026-10-01", "indeterminate"), kOnlyTb));
        CPPUNIT_ASSERT_EQUAL(std::string("review: a chest X-ray (2026-10-01) stands in for a TST or IGRA only after a "
                                         "positive one: a person reviews it"),
                             outcome(tb("chest-xray", "2026-10-01", "negative"), kOnlyTb));
        CPPUNIT_ASSERT_EQUAL(std::string("review: TB test: none recorded"),
                             outcome(submission({{"mmr.dose1", "2010-01-01"}, {"mmr.dose2", "2010-03-01"}}),
                                     {{"requireInfluenza", "false"}}));
    }

    void testOnceTheRotationHasBegunTheRecordMustBeValidToday() {
        // Valid at the rotation start (2026-06-01), lapsed since: a person looks.
        CPPUNIT_ASSERT_EQUAL(std::string("review: TB test (igra) on 2025-11-20 lapsed on 2026-11-20 (365 days), "
                                         "before today (2026-11-23)"),
                             outcome(tb("igra", "2025-11-20", "negative", "2026-11-23", "2026-06-01"), kOnlyTb));
        // And the influenza season is today's.
        CPPUNIT_ASSERT_EQUAL(std::string("review: Influenza vaccination on 2026-05-01 is from an earlier season than "
                                         "the season from 2026-08-01 to 2027-07-31"),
                             outcome(submission({{"influenza.date", "2026-05-01"}}, "2026-11-23", "2026-06-01"),
                                     kOnlyInfluenza));
    }

    void testInfluenzaSeasonChangesOnAugustFirst() {
        // A rotation starting 31 July is in the season that began 2025-08-01.
        CPPUNIT_ASSERT_EQUAL(std::string("verified until 2026-07-31"),
                             outcome(submission({{"influenza.date", "2025-08-01"}}, "2026-07-20", "2026-07-31"),
                                     kOnlyInfluenza));
        CPPUNIT_ASSERT_EQUAL(std::string("review: Influenza vaccination on 2025-07-31 is from an earlier season than "
                                         "the season from 2025-08-01 to 2026-07-31"),
                             outcome(submission({{"influenza.date", "2025-07-31"}}, "2026-07-20", "2026-07-31"),
                                     kOnlyInfluenza));
        // One day later the new season begins: last season's vaccination no longer counts.
        CPPUNIT_ASSERT_EQUAL(std::string("review: Influenza vaccination on 2026-07-15 is from an earlier season than "
                                         "the season from 2026-08-01 to 2027-07-31"),
                             outcome(submission({{"influenza.date", "2026-07-15"}}, "2026-07-20", "2026-08-01"),
                                     kOnlyInfluenza));
        CPPUNIT_ASSERT_EQUAL(std::string("verified until 2027-07-31"),
                             outcome(submission({{"influenza.date", "2026-08-01"}}, "2026-08-01", "2026-08-01"),
                                     kOnlyInfluenza));
        CPPUNIT_ASSERT_EQUAL(std::string("review: Influenza: no vaccination recorded for the season from 2026-08-01 to "
                                         "2027-07-31"),
                             outcome(submission({}, "2026-11-23", "2026-12-01", "2027-01-29", {"d1"}), kOnlyInfluenza));
    }

    void testInfluenzaSeasonStartMonthIsASetting() {
        Settings march = kOnlyInfluenza;
        march.emplace_back("fluSeasonStartMonth", "3");
        // Seasons from 1 March: the one starting 2027-03-01 ends on the leap day 2028-02-29.
        CPPUNIT_ASSERT_EQUAL(std::string("verified until 2028-02-29"),
                             outcome(submission({{"influenza.date", "2027-03-01"}}, "2027-03-10", "2027-03-15"), march));
        CPPUNIT_ASSERT_EQUAL(std::string("review: Influenza vaccination on 2027-02-28 is from an earlier season than "
                                         "the season from 2027-03-01 to 2028-02-29"),
                             outcome(submission({{"influenza.date", "2027-02-28"}}, "2027-03-10", "2027-03-15"), march));
    }

    void testTheSameInstantFollowsEachFacilitysDates() {
        // 2026-07-31T20:00Z is 2026-08-01 08:00 in Pacific/Auckland (NZST, UTC+12) and
        // 2026-07-31 13:00 in America/Los_Angeles (PDT, UTC-7). Each facility's rotation
        // starts on its own "today"; the host computes those local dates, the plugin follows them.
        const std::map<std::string, std::string> record{{"influenza.date", "2026-05-01"}, {"tb.kind", "igra"},
                                                        {"tb.date", "2026-06-01"},        {"tb.result", "negative"}};
        StepSubmission auckland = submission(record, "2026-08-01", "2026-08-01", "2026-08-28");
        auckland.timeZone = "Pacific/Auckland";
        auckland.submittedAt = "2026-07-31T20:00:00Z";
        StepSubmission losAngeles = submission(record, "2026-07-31", "2026-07-31", "2026-08-27");
        losAngeles.timeZone = "America/Los_Angeles";
        losAngeles.submittedAt = "2026-07-31T20:00:00Z";
        const Settings tbAndFlu{{"requireMmr", "false"}};
        CPPUNIT_ASSERT_EQUAL(std::string("review: Influenza vaccination on 2026-05-01 is from an earlier season than "
                                         "the season from 2026-08-01 to 2027-07-31"),
                             outcome(auckland, tbAndFlu));
        CPPUNIT_ASSERT_EQUAL(std::string("verified until 2026-07-31"), outcome(losAngeles, tbAndFlu));
    }

    void testTdapWithinTenYears() {
        CPPUNIT_ASSERT_EQUAL(std::string("verified until 2026-12-01"),
                             outcome(submission({{"tdap.date", "2016-12-01"}}), kOnlyTdap));
        CPPUNIT_ASSERT_EQUAL(std::string("review: Tdap on 2016-11-30 lapsed on 2026-11-30 (10 years), before the "
                                         "rotation start (2026-12-01)"),
                             outcome(submission({{"tdap.date", "2016-11-30"}}), kOnlyTdap));
        Settings five = kOnlyTdap;
        five.emplace_back("tdapValidityYears", "5");
        CPPUNIT_ASSERT_EQUAL(std::string("review: Tdap on 2020-01-01 lapsed on 2025-01-01 (5 years), before the "
                                         "rotation start (2026-12-01)"),
                             outcome(submission({{"tdap.date", "2020-01-01"}}), five));
        CPPUNIT_ASSERT_EQUAL(std::string("review: Tdap: none recorded"),
                             outcome(submission({}, "2026-11-23", "2026-12-01", "2027-01-29", {"d1"}), kOnlyTdap));
    }

    void testTdapGivenOnALeapDay() {
        // Ten years after 2016-02-29 is taken as 2026-02-28, never 1 March.
        CPPUNIT_ASSERT_EQUAL(std::string("verified until 2026-02-28"),
                             outcome(submission({{"tdap.date", "2016-02-29"}}, "2026-02-20", "2026-02-28"), kOnlyTdap));
        CPPUNIT_ASSERT_EQUAL(std::string("review: Tdap on 2016-02-29 lapsed on 2026-02-28 (10 years), before the "
                                         "rotation start (2026-03-01)"),
                             outcome(submission({{"tdap.date", "2016-02-29"}}, "2026-02-20", "2026-03-01"), kOnlyTdap));
    }

    void testHepatitisBSeriesOrTiter() {
        const std::map<std::string, std::string> series{
            {"hepb.dose1", "2010-01-01"}, {"hepb.dose2", "2010-01-29"}, {"hepb.dose3", "2010-04-23"}};
        CPPUNIT_ASSERT_EQUAL(std::string("verified (no expiry)"), outcome(submission(series), kOnlyHepB));
        CPPUNIT_ASSERT_EQUAL(std::string("review: Hepatitis B doses 1 and 3 are 111 days apart; at least 112 are needed"),
                             outcome(submission(with(series, {{"hepb.dose3", "2010-04-22"}})), kOnlyHepB));
        CPPUNIT_ASSERT_EQUAL(std::string("review: Hepatitis B doses 1 and 2 are 27 days apart; at least 28 are needed\n"
                                         "Hepatitis B doses 2 and 3 are 55 days apart; at least 56 are needed\n"
                                         "Hepatitis B doses 1 and 3 are 82 days apart; at least 112 are needed"),
                             outcome(submission({{"hepb.dose1", "2010-01-01"}, {"hepb.dose2", "2010-01-28"},
                                                 {"hepb.dose3", "2010-03-24"}}),
                                     kOnlyHepB));
        CPPUNIT_ASSERT_EQUAL(std::string("verified (no expiry)"),
                             outcome(submission({{"hepb.vaccine", "heplisav-b"}, {"hepb.dose1", "2020-01-01"},
                                                 {"hepb.dose2", "2020-01-29"}}),
                                     kOnlyHepB));
        CPPUNIT_ASSERT_EQUAL(std::string("review: Hepatitis B: two doses recorded; a two-dose series counts only for "
                                         "Heplisav-B (hepb.vaccine), otherwise three doses or a positive titer are needed"),
                             outcome(submission({{"hepb.dose1", "2020-01-01"}, {"hepb.dose2", "2020-01-29"}}), kOnlyHepB));
        CPPUNIT_ASSERT_EQUAL(std::string("verified (no expiry)"),
                             outcome(submission({{"hepb.dose1", "2020-01-01"}, {"hepb.titerDate", "2021-01-01"},
                                                 {"hepb.titerResult", "positive"}}),
                                     kOnlyHepB));
        // Doses out of order: only that is reported, not intervals computed from them.
        CPPUNIT_ASSERT_EQUAL(std::string("review: Hepatitis B dose 3 (2010-01-15) is before dose 2 (2010-02-01)"),
                             outcome(submission(with(series, {{"hepb.dose2", "2010-02-01"}, {"hepb.dose3", "2010-01-15"}})),
                                     kOnlyHepB));
    }

    void testVaricellaLikeMmr() {
        CPPUNIT_ASSERT_EQUAL(std::string("verified (no expiry)"),
                             outcome(submission({{"varicella.dose1", "2005-01-01"}, {"varicella.dose2", "2005-03-01"}}),
                                     kOnlyVaricella));
        CPPUNIT_ASSERT_EQUAL(std::string("review: Varicella titer on 2021-01-01 is equivocal: a person decides on "
                                         "immunity\nVaricella: no doses recorded"),
                             outcome(submission({{"varicella.titerDate", "2021-01-01"},
                                                 {"varicella.titerResult", "equivocal"}}),
                                     kOnlyVaricella));
    }

    void testEveryReasonIsListedOnePerLine() {
        const auto record = with(completeRecord(), {{"mmr.dose2", ""}, {"tb.result", "positive"}, {"influenza.date", ""}});
        CPPUNIT_ASSERT_EQUAL(std::string("review: MMR: one dose recorded (1999-06-01); two doses or a positive titer are "
                                         "needed\n"
                                         "TB test (igra) on 2026-10-01 is positive: a clinician reviews it (follow-up, "
                                         "chest X-ray)\n"
                                         "Influenza: no vaccination recorded for the season from 2026-08-01 to 2027-07-31"),
                             outcome(submission(record)));
    }

    void testACopyAloneGoesToReview() {
        CPPUNIT_ASSERT_EQUAL(std::string("review: MMR: no doses and no titer recorded\nTB test: none recorded\n"
                                         "Influenza: no vaccination recorded for the season from 2026-08-01 to 2027-07-31"),
                             outcome(submission({}, "2026-11-23", "2026-12-01", "2027-01-29", {"d1"})));
    }

    void testWithoutRotationDatesTheRotationStartsToday() {
        // A host older than ABI 1.2: no today, no rotation dates. Today is UTC's and the
        // TB test must be valid today.
        const Date today = todayUtc();
        const auto old = [&](long daysAgo) {
            return submission({{"tb.kind", "igra"}, {"tb.date", isoDate(addDays(today, -daysAgo))}, {"tb.result", "negative"}},
                              "", "", "");
        };
        CPPUNIT_ASSERT_EQUAL(std::string("verified until " + isoDate(today)), outcome(old(365), kOnlyTb));
        CPPUNIT_ASSERT_EQUAL(std::string("review: TB test (igra) on " + isoDate(addDays(today, -366)) + " lapsed on " +
                                         isoDate(addDays(today, -1)) + " (365 days), before today (" + isoDate(today) + ")"),
                             outcome(old(366), kOnlyTb));
    }

    void testNothingIsRejectedAutomatically() {
        const std::vector<std::map<std::string, std::string>> records{
            with(completeRecord(), {{"tb.result", "positive"}}),
            with(completeRecord(), {{"mmr.dose2", "1990-01-01"}}),
            with(completeRecord(), {{"mmr.titerDate", "2020-01-01"}, {"mmr.titerResult", "negative"}}),
            {{"birthDate", "1998-05-10"}},
            with(completeRecord(), {{"influenza.date", "not a date"}}),
        };
        for (const auto& record : records)
            CPPUNIT_ASSERT(ImmunizationStepType().verify(submission(record), settingValues({})).verdict !=
                           StepVerdict::Rejected);
    }

    void testAnInvalidSubmissionIsNeverVerified() {
        // The host verifies only what validated; called anyway, the plugin leaves it to a person.
        CPPUNIT_ASSERT_EQUAL(std::string("review: influenza.date is after today (2026-11-23)"),
                             outcome(submission(with(completeRecord(), {{"influenza.date", "2026-12-25"}}))));
    }

    void testRecordKeepsWhatMetEachRequirement() {
        const auto facts = ImmunizationStepType().record(submission(completeRecord()), settingValues({}));
        const std::vector<std::pair<std::string, std::string>> expected{
            {"today", "2026-11-23 (the facility's date)"},
            {"rotationStart", "2026-12-01"},
            {"rule.mmr", "met: two doses, 1999-06-01 and 2003-09-01 (1553 days apart)"},
            {"rule.tb", "met: igra negative on 2026-10-01, valid through 2027-10-01"},
            {"rule.influenza", "met: vaccinated on 2026-10-15, for the season from 2026-08-01 to 2027-07-31"},
            {"expiresAt", "2027-07-31"}};
        CPPUNIT_ASSERT(expected == facts);
        const auto review = ImmunizationStepType().record(
            submission(with(completeRecord(), {{"mmr.titerDate", "2020-01-01"}, {"mmr.titerResult", "positive"},
                                               {"tb.kind", "tst"}, {"tb.result", "positive"}})),
            settingValues({}));
        CPPUNIT_ASSERT_EQUAL(std::string("met: positive titer on 2020-01-01"), review[2].second);
        CPPUNIT_ASSERT_EQUAL(std::string("for review: TB test (tst) on 2026-10-01 is positive: a clinician reviews it "
                                         "(follow-up, chest X-ray)"),
                             review[3].second);
        CPPUNIT_ASSERT_EQUAL(std::string("(set when verified)"), review[5].second);
        for (const auto& [name, value] : facts)
            CPPUNIT_ASSERT_MESSAGE(name, name.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                                                "0123456789_.-") == std::string::npos);
    }

    void testRecordSaysWhenTheHostGaveNoDates() {
        const auto facts =
            ImmunizationStepType().record(submission({{"mmr.titerDate", "2020-01-01"}, {"mmr.titerResult", "positive"}},
                                                     "", "", ""),
                                          settingValues(kOnlyMmr));
        const std::string today = isoDate(todayUtc());
        CPPUNIT_ASSERT_EQUAL(today + " (UTC: the server gave no local date)", facts[0].second);
        CPPUNIT_ASSERT_EQUAL(today + " (taken as today: the server gave none)", facts[1].second);
        CPPUNIT_ASSERT_EQUAL(std::string("never (no required item lapses)"), facts[3].second);
    }
};

ROTUNDA_TEST_SUITE(ImmunizationRulesTest);
