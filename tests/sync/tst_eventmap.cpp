#include <QTest>

#include "sync/eventmap.h"

using namespace Qt::StringLiterals;
using namespace Ops;

class tst_EventMap : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void builtInMapsOrderEvents();
    void templatesTakeEventValues();
    void errorsNameFileAndLine_data();
    void errorsNameFileAndLine();
    void loadMissingFile();
};

void tst_EventMap::builtInMapsOrderEvents()
{
    const EventMap map = EventMap::builtIn();
    QVERIFY(map.contains(u"order.updated"_s));
    QVERIFY(map.contains(u"order.created"_s));
    QVERIFY(!map.contains(u"driver.moved"_s));
}

void tst_EventMap::templatesTakeEventValues()
{
    QString error;
    const auto map = EventMap::parse(R"({"version": 1, "events": {
        "order.updated": {"invalidate": [{"key": ["orders"], "exact": true}, ["order", "{id}", "{entity}"]]}
    }})",
        u"test.json"_s, &error);
    QVERIFY2(map, qPrintable(error));
    ChangeEvent e;
    e.type = u"order.updated"_s;
    e.entity = u"order"_s;
    e.id = u"ORD-7"_s;
    const auto targets = map->targetsFor(e);
    QCOMPARE(targets.size(), 2);
    QCOMPARE(targets.at(0).key, (QueryKey { u"orders"_s }));
    QVERIFY(targets.at(0).exact);
    QCOMPARE(targets.at(1).key, (QueryKey { u"order"_s, u"ORD-7"_s, u"order"_s }));
    QVERIFY(!targets.at(1).exact);
    e.type = u"unknown.kind"_s;
    QVERIFY(map->targetsFor(e).isEmpty());
}

void tst_EventMap::errorsNameFileAndLine_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("expected");
    QTest::newRow("bad json") << QByteArray("{\n \"version\": 1,\n \"events\": {,}\n}")
                              << u"map.json:3:"_s;
    QTest::newRow("unknown top field")
        << QByteArray("{\"version\": 1,\n\"events\": {},\n\"evnets\": {}}")
        << u"map.json:3: unknown field 'evnets'"_s;
    QTest::newRow("unknown event field") << QByteArray(
        "{\"version\": 1, \"events\": {\n\n\"order.updated\": {\"invalidate\": [], \"refetch\": "
        "1}}}") << u"map.json:3: event 'order.updated': unknown field 'refetch'"_s;
    QTest::newRow("wrong version")
        << QByteArray("{\"version\": 2, \"events\": {}}") << u"'version' must be 1"_s;
    QTest::newRow("target not a key")
        << QByteArray("{\"version\": 1, \"events\": {\"a.b\": {\"invalidate\": [\"orders\"]}}}")
        << u"a target must be a key array or an object"_s;
    QTest::newRow("empty key") << QByteArray(
        "{\"version\": 1, \"events\": {\"a.b\": {\"invalidate\": [[]]}}}")
                               << u"empty key"_s;
}

void tst_EventMap::errorsNameFileAndLine()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, expected);
    QString error;
    QVERIFY(!EventMap::parse(json, u"map.json"_s, &error));
    QVERIFY2(error.contains(expected), qPrintable(error));
}

void tst_EventMap::loadMissingFile()
{
    QString error;
    QVERIFY(!EventMap::load(u"/nonexistent/eventmap.json"_s, &error));
    QVERIFY(error.startsWith(u"/nonexistent/eventmap.json"_s));
}

QTEST_APPLESS_MAIN(tst_EventMap)
#include "tst_eventmap.moc"
