#include <QJsonObject>
#include <QTest>

#include "query/querykey.h"

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
    void fromHashGivesThePartsBack_data();
    void fromHashGivesThePartsBack();
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
    const QueryKey ordersNew { u"orders"_s,
        QJsonObject { { "status"_L1, u"new"_s }, { "page"_L1, 1 } } };
    QTest::newRow("empty filter matches all") << ordersNew << QueryKey() << true;
    QTest::newRow("prefix") << QueryKey { u"orders"_s, u"A"_s } << QueryKey { u"orders"_s } << true;
    QTest::newRow("equal") << QueryKey { u"orders"_s } << QueryKey { u"orders"_s } << true;
    QTest::newRow("longer filter")
        << QueryKey { u"orders"_s } << QueryKey { u"orders"_s, u"A"_s } << false;
    QTest::newRow("other root") << QueryKey { u"drivers"_s } << QueryKey { u"orders"_s } << false;
    QTest::newRow("object subset")
        << ordersNew << QueryKey { u"orders"_s, QJsonObject { { "status"_L1, u"new"_s } } } << true;
    QTest::newRow("object mismatch")
        << ordersNew << QueryKey { u"orders"_s, QJsonObject { { "status"_L1, u"late"_s } } }
        << false;
    QTest::newRow("object vs scalar")
        << QueryKey { u"orders"_s, u"A"_s } << QueryKey { u"orders"_s, QJsonObject() } << false;
    QTest::newRow("number vs string")
        << QueryKey { u"order"_s, 1 } << QueryKey { u"order"_s, u"1"_s } << false;
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
        << QueryKey { QJsonObject { { "b"_L1, 1 }, { "a"_L1, QJsonArray { 1, 2 } } }, u"x"_s, 3 }
        << 2 << QByteArray(R"([{"a":[1,2],"b":1},"x")");
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

void tst_QueryKey::fromHashGivesThePartsBack_data()
{
    QTest::addColumn<QueryKey>("key");
    QTest::newRow("empty") << QueryKey(QJsonArray {});
    QTest::newRow("scalars") << QueryKey { u"orders"_s, 42, -7, 2.5, true, false, QJsonValue() };
    QTest::newRow("string with separators")
        << QueryKey { u"a,b]\"c\\"_s, u"line\nbreak"_s, u"é ✓"_s, u""_s };
    QTest::newRow("object and array") << QueryKey { u"orders"_s,
        QJsonObject { { "page"_L1, 2 }, { "q"_L1, u"x,y"_s } }, QJsonArray { 1, u"two"_s } };
    QTest::newRow("large integer") << QueryKey { u"n"_s, qint64(1) << 52 };
}

void tst_QueryKey::fromHashGivesThePartsBack()
{
    QFETCH(QueryKey, key);
    const QueryKey back = QueryKey::fromHash(key.hash());
    QCOMPARE(back.hash(), key.hash());
    QCOMPARE(back.parts(), key.parts());
    QCOMPARE(QueryKey(back.parts()).hash(), key.hash());
    QCOMPARE(QueryKey::partCount(key.hash()), key.size());
    for (qsizetype n = 0; n <= key.size() + 1; ++n)
        QCOMPARE(key.hash().left(QueryKey::prefixLength(key.hash(), n)), key.prefixHash(n));
}

QTEST_APPLESS_MAIN(tst_QueryKey)
#include "tst_querykey.moc"
