#include "query/querykey.h"

#include <QJsonObject>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace Ops;

class tst_QueryKey : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void hashIsCanonical();
    void matches_data();
    void matches();
    void prefixHash_data();
    void prefixHash();
};

void tst_QueryKey::hashIsCanonical()
{
    const QueryKey a { u"orders"_s, QJsonObject { { "status"_L1, u"new"_s }, { "page"_L1, 2 } } };
    const QueryKey b { u"orders"_s, QJsonObject { { "page"_L1, 2 }, { "status"_L1, u"new"_s } } };
    QCOMPARE(a.hash(), b.hash());
    QCOMPARE(qHash(a), qHash(b));
    QVERIFY(a == b);
    QVERIFY(!(QueryKey { u"orders"_s, 1 } == QueryKey { u"orders"_s, u"1"_s }));
}

void tst_QueryKey::matches_data()
{
    QTest::addColumn<QueryKey>("key");
    QTest::addColumn<QueryKey>("filter");
    QTest::addColumn<bool>("expected");
    const QueryKey ordersNew { u"orders"_s, QJsonObject { { "status"_L1, u"new"_s }, { "page"_L1, 1 } } };
    QTest::newRow("empty filter matches all") << ordersNew << QueryKey() << true;
    QTest::newRow("prefix") << QueryKey { u"orders"_s, u"A"_s } << QueryKey { u"orders"_s } << true;
    QTest::newRow("equal") << QueryKey { u"orders"_s } << QueryKey { u"orders"_s } << true;
    QTest::newRow("longer filter") << QueryKey { u"orders"_s } << QueryKey { u"orders"_s, u"A"_s }
                                   << false;
    QTest::newRow("other root") << QueryKey { u"drivers"_s } << QueryKey { u"orders"_s } << false;
    QTest::newRow("object subset")
        << ordersNew << QueryKey { u"orders"_s, QJsonObject { { "status"_L1, u"new"_s } } } << true;
    QTest::newRow("object mismatch")
        << ordersNew << QueryKey { u"orders"_s, QJsonObject { { "status"_L1, u"late"_s } } } << false;
    QTest::newRow("object vs scalar")
        << QueryKey { u"orders"_s, u"A"_s } << QueryKey { u"orders"_s, QJsonObject() } << false;
    QTest::newRow("number vs string") << QueryKey { u"order"_s, 1 } << QueryKey { u"order"_s, u"1"_s }
                                      << false;
    QTest::newRow("nested array by leading items")
        << QueryKey { u"k"_s, QJsonArray { 1, 2, 3 } } << QueryKey { u"k"_s, QJsonArray { 1, 2 } }
        << true;
}

void tst_QueryKey::matches()
{
    QFETCH(QueryKey, key);
    QFETCH(QueryKey, filter);
    QFETCH(bool, expected);
    QCOMPARE(key.matches(filter), expected);
}

void tst_QueryKey::prefixHash_data()
{
    QTest::addColumn<QueryKey>("key");
    QTest::addColumn<int>("n");
    QTest::addColumn<QByteArray>("expected");
    QTest::newRow("first part") << QueryKey { u"orders"_s, 5 } << 1 << QByteArray(R"(["orders")");
    QTest::newRow("comma in a string")
        << QueryKey { u"a,b"_s, u"c"_s } << 1 << QByteArray(R"(["a,b")");
    QTest::newRow("after an object")
        << QueryKey { QJsonObject { { "b"_L1, 1 }, { "a"_L1, QJsonArray { 1, 2 } } }, u"x"_s, 3 } << 2
        << QByteArray(R"([{"a":[1,2],"b":1},"x")");
    QTest::newRow("whole key") << QueryKey { u"orders"_s } << 1 << QByteArray(R"(["orders")");
}

void tst_QueryKey::prefixHash()
{
    QFETCH(QueryKey, key);
    QFETCH(int, n);
    QFETCH(QByteArray, expected);
    QCOMPARE(key.prefixHash(n), expected);
    // A prefix bucket name never equals a full hash.
    QVERIFY(key.prefixHash(n) != key.hash());
}

QTEST_APPLESS_MAIN(tst_QueryKey)
#include "tst_querykey.moc"
