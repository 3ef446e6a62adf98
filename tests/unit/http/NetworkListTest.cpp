// NetworkListTest.cpp — client addresses checked against configured CIDR networks.
#include <stdexcept>

#include "TestSupport.h"
#include "http/NetworkList.h"

using Poco::Net::IPAddress;
using rotunda::http::NetworkList;

class NetworkListTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(NetworkListTest);
    CPPUNIT_TEST(testLoopbackDefaultCoversBothFamilies);
    CPPUNIT_TEST(testPrefixLengthsAreHonoured);
    CPPUNIT_TEST(testIpv4MappedClientsCompareAsIpv4);
    CPPUNIT_TEST(testBadEntriesAreNamed);
    CPPUNIT_TEST(testEmptyListContainsNothing);
    CPPUNIT_TEST_SUITE_END();

public:
    void testLoopbackDefaultCoversBothFamilies() {
        const NetworkList list = NetworkList::parse("127.0.0.0/8, ::1/128");
        CPPUNIT_ASSERT(list.contains(IPAddress("127.0.0.1")));
        CPPUNIT_ASSERT(list.contains(IPAddress("127.255.0.9")));
        CPPUNIT_ASSERT(list.contains(IPAddress("::1")));
        CPPUNIT_ASSERT(!list.contains(IPAddress("10.0.0.1")));
        CPPUNIT_ASSERT(!list.contains(IPAddress("::2")));
    }

    void testPrefixLengthsAreHonoured() {
        const NetworkList list = NetworkList::parse("10.1.0.0/20,192.168.1.7");
        CPPUNIT_ASSERT(list.contains(IPAddress("10.1.15.255")));
        CPPUNIT_ASSERT(!list.contains(IPAddress("10.1.16.0")));
        CPPUNIT_ASSERT(list.contains(IPAddress("192.168.1.7")));
        CPPUNIT_ASSERT(!list.contains(IPAddress("192.168.1.8")));
    }

    void testIpv4MappedClientsCompareAsIpv4() {
        const NetworkList list = NetworkList::parse("127.0.0.0/8");
        CPPUNIT_ASSERT(list.contains(IPAddress("::ffff:127.0.0.1")));
    }

    void testBadEntriesAreNamed() {
        assertRefused("10.0.0.0/33", "'10.0.0.0/33' has a prefix length outside 0..32");
        assertRefused("localhost", "'localhost' is not an IP address or CIDR network");
        assertRefused("::1/x", "'::1/x' has a prefix length outside 0..128");
    }

    void testEmptyListContainsNothing() {
        CPPUNIT_ASSERT(!NetworkList::parse("").contains(IPAddress("127.0.0.1")));
    }

private:
    static void assertRefused(const std::string& text, const std::string& expected) {
        try {
            NetworkList::parse(text);
            CPPUNIT_FAIL("accepted " + text);
        } catch (const std::invalid_argument& e) {
            CPPUNIT_ASSERT_EQUAL(expected, std::string(e.what()));
        }
    }
};

ROTUNDA_TEST_SUITE(NetworkListTest);
