// ImmunizationSettingsTest.cpp — the step settings a facility gives an immunization
// step: defaults, strict reading, and refusals that name the setting, the value and
// what is allowed — from the settings themselves and from every call of the step type.
#include "ImmunizationSettings.h"
#include "ImmunizationStepType.h"
#include "TestSupport.h"

#include <algorithm>

using namespace rotunda::immunization;
using rotunda::plugin::ConfigValues;

namespace {

std::string refusal(const std::vector<std::pair<std::string, std::string>>& given) {
    try {
        ImmunizationSettings::fromValues(settingValues(given));
    } catch (const StepSettingsError& e) {
        return e.what();
    }
    return "(accepted)";
}

}  // namespace

class ImmunizationSettingsTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(ImmunizationSettingsTest);
    CPPUNIT_TEST(testDefaultsRequireMmrTbAndInfluenza);
    CPPUNIT_TEST(testEveryRequirementAndPeriodCanBeSet);
    CPPUNIT_TEST(testAHostWithoutDefaultsGetsTheDeclaredOnes);
    CPPUNIT_TEST(testBadBooleansAreRefusedNotReadAsFalse);
    CPPUNIT_TEST(testBadNumbersAreRefusedWithTheirRange);
    CPPUNIT_TEST(testAStepThatRequiresNothingIsRefused);
    CPPUNIT_TEST(testAnUndeclaredSettingIsRefused);
    CPPUNIT_TEST(testEveryCallOfTheStepTypeRefusesBadSettings);
    CPPUNIT_TEST(testEveryDeclaredSettingHasHelpAndAValidDefault);
    CPPUNIT_TEST(testCheckSettingsAcceptsWhatFromValuesAccepts);
    CPPUNIT_TEST(testCheckSettingsNamesEveryBadSetting);
    CPPUNIT_TEST(testCheckSettingsPutsARequirementOfNothingOnTheSettings);
    CPPUNIT_TEST_SUITE_END();

public:
    void testDefaultsRequireMmrTbAndInfluenza() {
        const ImmunizationSettings s = ImmunizationSettings::fromValues(settingValues({}));
        CPPUNIT_ASSERT(s.mmr && s.tb && s.influenza);
        CPPUNIT_ASSERT(!s.varicella && !s.hepatitisB && !s.tdap && !s.requireDocument);
        CPPUNIT_ASSERT(s.birthDate);
        CPPUNIT_ASSERT_EQUAL(365, s.tbValidityDays);
        CPPUNIT_ASSERT_EQUAL(8u, s.fluSeasonStartMonth);
        CPPUNIT_ASSERT_EQUAL(10, s.tdapValidityYears);
    }

    void testEveryRequirementAndPeriodCanBeSet() {
        const ImmunizationSettings s = ImmunizationSettings::fromValues(
            settingValues({{"requireMmr", "false"}, {"requireVaricella", "yes"}, {"requireHepatitisB", "ON"},
                           {"requireTb", "0"}, {"requireInfluenza", "no"}, {"requireTdap", "True"},
                           {"tbValidityDays", "90"}, {"fluSeasonStartMonth", "3"}, {"tdapValidityYears", "5"},
                           {"askBirthDate", "off"}, {"requireDocument", "1"}}));
        CPPUNIT_ASSERT(!s.mmr && s.varicella && s.hepatitisB && !s.tb && !s.influenza && s.tdap);
        CPPUNIT_ASSERT(!s.birthDate && s.requireDocument);
        CPPUNIT_ASSERT_EQUAL(90, s.tbValidityDays);
        CPPUNIT_ASSERT_EQUAL(3u, s.fluSeasonStartMonth);
        CPPUNIT_ASSERT_EQUAL(5, s.tdapValidityYears);
    }

    void testAHostWithoutDefaultsGetsTheDeclaredOnes() {
        // An empty value, or none, is the declared default.
        const ImmunizationSettings s =
            ImmunizationSettings::fromValues(ConfigValues({{"tbValidityDays", ""}, {"requireTdap", "true"}}));
        CPPUNIT_ASSERT_EQUAL(365, s.tbValidityDays);
        CPPUNIT_ASSERT(s.mmr && s.tdap);
        // GET /api/v1/step-types asks for the fields with no values at all.
        CPPUNIT_ASSERT_EQUAL(std::size_t(10), ImmunizationStepType().fields(ConfigValues()).size());
    }

    void testBadBooleansAreRefusedNotReadAsFalse() {
        CPPUNIT_ASSERT_EQUAL(std::string("step setting requireTdap is \"ture\": expected true or false"),
                             refusal({{"requireTdap", "ture"}}));
        CPPUNIT_ASSERT_EQUAL(std::string("step setting requireMmr is \"2\": expected true or false"),
                             refusal({{"requireMmr", "2"}}));
    }

    void testBadNumbersAreRefusedWithTheirRange() {
        CPPUNIT_ASSERT_EQUAL(
            std::string("step setting tbValidityDays is \"a year\": expected a whole number of days from 1 to 3650"),
            refusal({{"tbValidityDays", "a year"}}));
        CPPUNIT_ASSERT_EQUAL(
            std::string("step setting tbValidityDays is \"0\": expected a whole number of days from 1 to 3650"),
            refusal({{"tbValidityDays", "0"}}));
        CPPUNIT_ASSERT_EQUAL(
            std::string("step setting tbValidityDays is \"-5\": expected a whole number of days from 1 to 3650"),
            refusal({{"tbValidityDays", "-5"}}));
        CPPUNIT_ASSERT_EQUAL(
            std::string("step setting tbValidityDays is \"99999999999999999999\": expected a whole number of days from "
                        "1 to 3650"),
            refusal({{"tbValidityDays", "99999999999999999999"}}));
        CPPUNIT_ASSERT_EQUAL(std::string("step setting fluSeasonStartMonth is \"13\": expected a whole number of "
                                         "months (1 = January) from 1 to 12"),
                             refusal({{"fluSeasonStartMonth", "13"}}));
        CPPUNIT_ASSERT_EQUAL(
            std::string("step setting tdapValidityYears is \"10.5\": expected a whole number of years from 1 to 30"),
            refusal({{"tdapValidityYears", "10.5"}}));
    }

    void testAStepThatRequiresNothingIsRefused() {
        CPPUNIT_ASSERT_EQUAL(std::string("step settings require nothing: set at least one of requireMmr, "
                                         "requireVaricella, requireHepatitisB, requireTb, requireInfluenza, "
                                         "requireTdap to true"),
                             refusal({{"requireMmr", "false"}, {"requireTb", "false"}, {"requireInfluenza", "false"}}));
    }

    void testAnUndeclaredSettingIsRefused() {
        CPPUNIT_ASSERT_EQUAL(std::string("step setting tbDays is not a setting of immunization-record"),
                             refusal({{"tbDays", "30"}}));
    }

    void testEveryCallOfTheStepTypeRefusesBadSettings() {
        // A host before ABI 1.2 does not call checkSettings(); the type's own calls
        // refuse bad values, which the host shows as "step type unavailable" and logs
        // (RTP0040) with this message.
        const ImmunizationStepType type;
        const ConfigValues bad = settingValues({{"tbValidityDays", "forever"}});
        const std::string expected =
            "step setting tbValidityDays is \"forever\": expected a whole number of days from 1 to 3650";
        rotunda::plugin::StepSubmission submission;
        submission.answers["influenza.date"] = "2026-10-01";
        submission.today = "2026-11-23";
        for (int call = 0; call < 4; ++call) {
            std::string message = "(accepted)";
            try {
                if (call == 0) type.fields(bad);
                if (call == 1) type.validate(submission, bad);
                if (call == 2) type.verify(submission, bad);
                if (call == 3) type.record(submission, bad);
            } catch (const StepSettingsError& e) {
                message = e.what();
            }
            CPPUNIT_ASSERT_EQUAL_MESSAGE("call " + std::to_string(call), expected, message);
        }
    }

    void testEveryDeclaredSettingHasHelpAndAValidDefault() {
        const ImmunizationStepType type;
        const auto declared = type.stepSettings();
        CPPUNIT_ASSERT_EQUAL(std::size_t(11), declared.size());
        for (const auto& p : declared) {
            CPPUNIT_ASSERT_MESSAGE(p.name, !p.label.empty() && !p.help.empty() && !p.defaultValue.empty());
            CPPUNIT_ASSERT_MESSAGE(p.name, !p.required && !p.secret);
        }
        std::map<std::string, std::string> defaults;
        for (const auto& p : declared) defaults[p.name] = p.defaultValue;
        CPPUNIT_ASSERT_NO_THROW(ImmunizationSettings::fromValues(ConfigValues(defaults)));
    }

    void testCheckSettingsAcceptsWhatFromValuesAccepts() {
        const ImmunizationStepType type;
        CPPUNIT_ASSERT(type.checkSettings(settingValues({})).empty());
        CPPUNIT_ASSERT(type.checkSettings(ConfigValues()).empty());
        CPPUNIT_ASSERT(type.checkSettings(settingValues({{"requireTb", "no"}, {"tbValidityDays", "90"},
                                                         {"requireTdap", "yes"}, {"tdapValidityYears", "5"}}))
                           .empty());
    }

    void testCheckSettingsNamesEveryBadSetting() {
        // Saved steps are refused with these under settings.<name> (422), all at once.
        const auto errors = ImmunizationStepType().checkSettings(
            settingValues({{"tbValidityDays", "a year"}, {"requireTdap", "ture"}, {"fluSeasonStartMonth", "13"}}));
        CPPUNIT_ASSERT_EQUAL(std::size_t(3), errors.size());
        CPPUNIT_ASSERT_EQUAL(std::string("requireTdap"), errors[0].first);
        CPPUNIT_ASSERT_EQUAL(std::string("is \"ture\": expected true or false"), errors[0].second);
        CPPUNIT_ASSERT_EQUAL(std::string("tbValidityDays"), errors[1].first);
        CPPUNIT_ASSERT_EQUAL(std::string("is \"a year\": expected a whole number of days from 1 to 3650"),
                             errors[1].second);
        CPPUNIT_ASSERT_EQUAL(std::string("fluSeasonStartMonth"), errors[2].first);
        // The first of them is what every other call throws.
        CPPUNIT_ASSERT_EQUAL(std::string("step setting requireTdap is \"ture\": expected true or false"),
                             refusal({{"tbValidityDays", "a year"}, {"requireTdap", "ture"}}));
    }

    void testCheckSettingsPutsARequirementOfNothingOnTheSettings() {
        const auto errors = ImmunizationStepType().checkSettings(
            settingValues({{"requireMmr", "false"}, {"requireTb", "false"}, {"requireInfluenza", "false"}}));
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), errors.size());
        CPPUNIT_ASSERT_EQUAL(std::string(""), errors[0].first);
        CPPUNIT_ASSERT(errors[0].second.find("set at least one of requireMmr") != std::string::npos);
        const auto undeclared = ImmunizationStepType().checkSettings(settingValues({{"tbDays", "30"}}));
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), undeclared.size());
        CPPUNIT_ASSERT_EQUAL(std::string("tbDays"), undeclared[0].first);
        CPPUNIT_ASSERT_EQUAL(std::string("is not a setting of immunization-record"), undeclared[0].second);
    }
};

ROTUNDA_TEST_SUITE(ImmunizationSettingsTest);
