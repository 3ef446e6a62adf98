// DirectoryRolesTest.cpp — reading plugins.<id>.groups.map.* lines.
#include "TestSupport.h"
#include "app/Settings.h"
#include "auth/DirectoryRoles.h"

#include <Poco/AutoPtr.h>
#include <Poco/Util/MapConfiguration.h>

using rotunda::auth::readGroupMappings;

namespace {

Poco::AutoPtr<Poco::Util::MapConfiguration> configWith(const std::string& key, const std::string& value) {
    Poco::AutoPtr<Poco::Util::MapConfiguration> config(new Poco::Util::MapConfiguration);
    config->setString("plugins.ldap-auth.enabled", "true");
    config->setString(key, value);
    return config;
}

std::string refusal(const std::string& value) {
    try {
        readGroupMappings(*configWith("plugins.ldap-auth.groups.map.1", value));
    } catch (const rotunda::app::ConfigError& e) {
        return e.what();
    }
    return "accepted";
}

}  // namespace

class DirectoryRolesTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(DirectoryRolesTest);
    CPPUNIT_TEST(testMappingLinesAreReadPerPlugin);
    CPPUNIT_TEST(testMalformedLinesNameTheKeyAndTheForm);
    CPPUNIT_TEST_SUITE_END();

public:
    void testMappingLinesAreReadPerPlugin() {
        auto config = configWith("plugins.ldap-auth.groups.map.1",
                                 " cn=clinical-educators,ou=groups,dc=example,dc=org -> facility:mercy-1:coordinator ");
        config->setString("plugins.saml-auth.groups.map.a", "Nursing Faculty -> school:lakeside:faculty");
        const auto mappings = readGroupMappings(*config);
        CPPUNIT_ASSERT_EQUAL(std::size_t{2}, mappings.size());
        const auto& ldap = mappings.at("ldap-auth").front();
        CPPUNIT_ASSERT_EQUAL(std::string("cn=clinical-educators,ou=groups,dc=example,dc=org"), ldap.group);
        CPPUNIT_ASSERT_EQUAL(std::string("facility"), ldap.kind);
        CPPUNIT_ASSERT_EQUAL(std::string("mercy-1"), ldap.organizationId);
        CPPUNIT_ASSERT_EQUAL(std::string("coordinator"), ldap.role);
        CPPUNIT_ASSERT_EQUAL(std::string("Nursing Faculty"), mappings.at("saml-auth").front().group);
        CPPUNIT_ASSERT(readGroupMappings(*configWith("plugins.ldap-auth.enabled", "true")).empty());
    }

    void testMalformedLinesNameTheKeyAndTheForm() {
        for (const std::string bad : {"cn=x", "cn=x -> facility:mercy", " -> facility:mercy:admin",
                                      "cn=x -> hospital:mercy:admin", "cn=x -> facility::admin"}) {
            const std::string message = refusal(bad);
            CPPUNIT_ASSERT_MESSAGE(bad + ": " + message,
                                   message.find("plugins.ldap-auth.groups.map.1") != std::string::npos &&
                                       message.find("facility|school:<organization id>:<role>") != std::string::npos);
        }
        const std::string role = refusal("cn=x -> facility:mercy:student");
        CPPUNIT_ASSERT_MESSAGE(role, role.find("admin, coordinator, preceptor") != std::string::npos);
    }
};

ROTUNDA_TEST_SUITE(DirectoryRolesTest);
