// AssignCandidates: the assign menu's drivers, by the server's travel times once it answers, by
// region and presence until then or when it cannot; deactivated drivers never.

#include <QJsonArray>
#include <QSignalSpy>
#include <QTest>

#include "keys/querykeys.h"
#include "models/assigncandidates.h"
#include "protocol/order.h"
#include "query/queryclient.h"
#include "query/querycontext.h"

using namespace Qt::StringLiterals;
using namespace Ops;

namespace {

const QDateTime kNow = QDateTime::currentDateTimeUtc();

QJsonObject driver(const QString &id, const QString &name, const QString &status,
    const QString &region, bool active = true)
{
    return { { "id"_L1, id }, { "name"_L1, name }, { "region"_L1, region }, { "status"_L1, status },
        { "active"_L1, active }, { "lat"_L1, 51.5 }, { "lon"_L1, -0.1 },
        { "lastSeenAt"_L1, kNow.addSecs(-5).toString(Qt::ISODateWithMs) }, { "version"_L1, 1 } };
}

QJsonObject candidate(const QString &id, const QString &name, const QString &status,
    const QString &region, const QJsonValue &minutes, bool estimate)
{
    return { { "driverId"_L1, id }, { "name"_L1, name }, { "status"_L1, status },
        { "region"_L1, region }, { "minutesAway"_L1, minutes },
        { "travelSeconds"_L1, minutes.isDouble() ? QJsonValue(minutes.toInt() * 60) : minutes },
        { "estimate"_L1, estimate }, { "stop"_L1, u"pickup"_s }, { "openOrders"_L1, 0 } };
}

Order order(const QString &driverId = {})
{
    Order o;
    o.id = u"ORD-1"_s;
    o.region = u"north"_s;
    o.status = driverId.isEmpty() ? OrderStatus::New : OrderStatus::Assigned;
    o.driverId = driverId;
    return o;
}

QStringList ids(const QList<AssignChoice> &choices)
{
    QStringList out;
    for (const AssignChoice &c : choices)
        out.append(c.id);
    return out;
}

QJsonArray driversList()
{
    return { driver(u"DRV-1"_s, u"Hugo"_s, u"en_route"_s, u"north"_s),
        driver(u"DRV-2"_s, u"Ava"_s, u"idle"_s, u"east"_s),
        driver(u"DRV-3"_s, u"Liam"_s, u"idle"_s, u"north"_s),
        driver(u"DRV-4"_s, u"Zoe"_s, u"idle"_s, u"north"_s, false) }; // deactivated
}

} // namespace

class tst_AssignCandidates : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void rankingUntilTheServerAnswersThenByTime();
    void rankingStaysWhenTheQueryFails();
    void byTimeKeepsTheOrdersOwnDriver();
};

void tst_AssignCandidates::rankingUntilTheServerAnswersThenByTime()
{
    QueryClient client;
    std::optional<QueryContext> pending; // the answer comes when the test says
    QList<QueryKey> asked;
    client.setDefaultQueryFn([&](const QueryContext &ctx) {
        asked.append(ctx.key());
        pending = ctx;
    });
    DriversTableModel drivers(nullptr);
    drivers.applySnapshot(driversList());
    AssignCandidates candidates(&client, &drivers, order());
    QSignalSpy changed(&candidates, &AssignCandidates::changed);
    // Asked once, under the order's key; meanwhile today's ranking (region, then presence), and
    // the deactivated Zoe is not offered.
    QTRY_COMPARE(asked.size(), 1);
    QCOMPARE(asked.first(), QueryKeys::orderCandidates(u"ORD-1"_s));
    QCOMPARE(candidates.source(), AssignCandidates::Source::Ranking);
    QVERIFY(candidates.isLoading());
    QCOMPARE(ids(candidates.choices()), (QStringList { u"DRV-3"_s, u"DRV-1"_s, u"DRV-2"_s }));

    // The server: Ava (other region) is 4 min away, Hugo 9 (an estimate), Zoe 2 but
    // deactivated, Liam without a position.
    pending->resolve(QJsonArray { candidate(u"DRV-4"_s, u"Zoe"_s, u"idle"_s, u"north"_s, 2, false),
        candidate(u"DRV-2"_s, u"Ava"_s, u"idle"_s, u"east"_s, 4, false),
        candidate(u"DRV-1"_s, u"Hugo"_s, u"en_route"_s, u"north"_s, 9, true),
        candidate(u"DRV-3"_s, u"Liam"_s, u"idle"_s, u"north"_s, QJsonValue::Null, true) });
    QTRY_COMPARE(candidates.source(), AssignCandidates::Source::ByTime);
    QVERIFY(!changed.isEmpty());
    QVERIFY(!candidates.isLoading());
    const QList<AssignChoice> choices = candidates.choices();
    QCOMPARE(ids(choices), (QStringList { u"DRV-2"_s, u"DRV-1"_s, u"DRV-3"_s }));
    QCOMPARE(choices.at(0).minutesAway, 4);
    QVERIFY(!choices.at(0).estimate);
    QVERIFY(!choices.at(0).sameRegion);
    QCOMPARE(choices.at(1).minutesAway, 9);
    QVERIFY(choices.at(1).estimate);
    QCOMPARE(choices.at(1).presence, DriversTableModel::Presence::InTransit);
    QVERIFY(!choices.at(2).minutesAway); // no position: no minutes, and no "estimate" either
    QVERIFY(!choices.at(2).estimate);
}

void tst_AssignCandidates::rankingStaysWhenTheQueryFails()
{
    QueryClient client;
    int attempts = 0;
    client.setDefaultQueryFn([&attempts](const QueryContext &ctx) {
        ++attempts;
        ctx.reject(Error { ErrorKind::Network, u"connection refused"_s });
    });
    DriversTableModel drivers(nullptr);
    drivers.applySnapshot(driversList());
    AssignCandidates candidates(&client, &drivers, order());
    QTRY_VERIFY(!candidates.errorText().isEmpty());
    QCOMPARE(candidates.errorText(), u"connection refused"_s);
    QCOMPARE(candidates.source(), AssignCandidates::Source::Ranking);
    QVERIFY(!candidates.isLoading());
    QCOMPARE(ids(candidates.choices()), (QStringList { u"DRV-3"_s, u"DRV-1"_s, u"DRV-2"_s }));
    QCOMPARE(attempts, 1); // one attempt: the ranking is the fallback, not a retry loop

    // Without a client: the ranking, nothing asked.
    AssignCandidates offline(nullptr, &drivers, order());
    QVERIFY(!offline.isLoading());
    QCOMPARE(ids(offline.choices()), (QStringList { u"DRV-3"_s, u"DRV-1"_s, u"DRV-2"_s }));
}

void tst_AssignCandidates::byTimeKeepsTheOrdersOwnDriver()
{
    DriversTableModel drivers(nullptr);
    QJsonArray list = driversList();
    list.append(driver(u"DRV-5"_s, u"Noah"_s, u"offline"_s, u"north"_s));
    drivers.applySnapshot(list);
    // The server leaves offline drivers out; the order's own (offline) driver is still shown,
    // last and checked.
    const QList<AssignChoice> choices = AssignCandidates::byTime(
        QJsonArray { candidate(u"DRV-3"_s, u"Liam"_s, u"idle"_s, u"north"_s, 3, false) },
        order(u"DRV-5"_s), drivers);
    QCOMPARE(ids(choices), (QStringList { u"DRV-3"_s, u"DRV-5"_s }));
    QVERIFY(choices.last().current);
    QCOMPARE(choices.last().name, u"Noah"_s);
    QCOMPARE(choices.last().presence, DriversTableModel::Presence::Offline);
    QVERIFY(!choices.first().current);
}

QTEST_GUILESS_MAIN(tst_AssignCandidates)
#include "tst_assigncandidates.moc"
