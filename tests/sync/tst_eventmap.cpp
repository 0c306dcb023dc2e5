#include <QTest>

#include "keys/querykeys.h"
#include "sync/eventmap.h"

using namespace Qt::StringLiterals;
using namespace Ops;

class tst_EventMap : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void builtInMapsOrderEvents();
    void builtInMapNamesOnlyNamedKeys();
    void everyNamedKeyHearsOfItsChanges();
    void templatesTakeEventValues();
    void driverUpdatesRefreshOnlyThatDriversTrail();
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

namespace {

//! An event of \a type about \a id, as the server would send it.
ChangeEvent sampleEvent(const QString &type, const QString &id)
{
    ChangeEvent e;
    e.type = type;
    e.entity = type.section(u'.', 0, 0);
    e.id = id;
    return e;
}

//! Whether \a target (an invalidation or patch target) reaches the query \a key.
bool reaches(const EventMap::Resolved &target, const QueryKey &key)
{
    return target.exact ? key == target.key : key.matches(target.key);
}

QList<EventMap::Resolved> everyTarget(const EventMap &map, const ChangeEvent &event)
{
    return map.targetsFor(event) + map.patchTargetsFor(event);
}

} // namespace

void tst_EventMap::builtInMapNamesOnlyNamedKeys()
{
    // Every key the shipped map names is (or is a prefix of) a key the app names in
    // keys/querykeys.h: a renamed key or a typo in the JSON cannot silently stop live updates.
    const EventMap map = EventMap::builtIn();
    const QString id = u"X-1"_s;
    const QList<QueryKey> named = QueryKeys::all(id);
    QVERIFY(!map.eventTypes().isEmpty());
    for (const QString &type : map.eventTypes()) {
        const QList<EventMap::Resolved> targets = everyTarget(map, sampleEvent(type, id));
        QVERIFY2(!targets.isEmpty(), qPrintable(type));
        for (const EventMap::Resolved &target : targets) {
            const bool known = std::any_of(named.begin(), named.end(),
                [&target](const QueryKey &key) { return reaches(target, key); });
            QVERIFY2(known,
                qPrintable(u"%1 names %2, which is no key of QueryKeys"_s.arg(
                    type, target.key.toString())));
        }
    }
}

void tst_EventMap::everyNamedKeyHearsOfItsChanges()
{
    // The other way: each query the app may cache is refreshed by some event, so none of them
    // can fall silently out of the map (and show stale data under a Live badge).
    const EventMap map = EventMap::builtIn();
    const QString id = u"X-1"_s;
    for (const QueryKey &key : QueryKeys::all(id)) {
        bool heard = false;
        for (const QString &type : map.eventTypes()) {
            const QList<EventMap::Resolved> targets = everyTarget(map, sampleEvent(type, id));
            heard = heard
                || std::any_of(targets.begin(), targets.end(),
                    [&key](const EventMap::Resolved &target) { return reaches(target, key); });
        }
        QVERIFY2(heard, qPrintable(u"no event refreshes %1"_s.arg(key.toString())));
    }
}

void tst_EventMap::driverUpdatesRefreshOnlyThatDriversTrail()
{
    // The map's breadcrumbs for the selected driver stay live: a position of DRV-001 refetches
    // DRV-001's trail, and leaves every other driver's trail alone.
    const EventMap map = EventMap::builtIn();
    const QList<EventMap::Resolved> targets =
        map.targetsFor(sampleEvent(u"driver.updated"_s, u"DRV-001"_s));
    const auto reached = [&targets](const QueryKey &key) {
        return std::any_of(targets.begin(), targets.end(),
            [&key](const EventMap::Resolved &target) { return reaches(target, key); });
    };
    QVERIFY(reached(QueryKeys::driverTrail(u"DRV-001"_s)));
    QVERIFY(!reached(QueryKeys::driverTrail(u"DRV-002"_s)));
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
