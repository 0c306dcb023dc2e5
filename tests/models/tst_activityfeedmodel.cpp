#include <QAbstractItemModelTester>
#include <QJsonArray>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QTest>

#include "keys/querykeys.h"
#include "models/activityfeedmodel.h"
#include "query/queryclient.h"

using namespace Qt::StringLiterals;
using namespace Ops;

namespace {

QJsonObject makeEvent(
    int seq, const QString &type, const QString &id, const QJsonObject &extra = {})
{
    QJsonObject e { { "seq"_L1, seq }, { "type"_L1, type },
        { "entity"_L1, type.section(u'.', 0, 0) }, { "id"_L1, id }, { "version"_L1, 1 },
        { "ts"_L1, u"2026-11-22T12:04:31.000Z"_s } };
    for (auto it = extra.begin(); it != extra.end(); ++it)
        e.insert(it.key(), it.value());
    return e;
}

} // namespace

class tst_ActivityFeedModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void describesEvents_data();
    void describesEvents();
    void newEventIsOneInsertNewestFirstInAProxy();
};

void tst_ActivityFeedModel::describesEvents_data()
{
    QTest::addColumn<QJsonObject>("event");
    QTest::addColumn<QString>("text");
    QTest::newRow("delivered") << makeEvent(1, u"order.updated"_s, u"ORD-00123"_s,
        { { "actor"_L1, u"ann"_s }, { "field"_L1, u"status"_s }, { "to"_L1, u"delivered"_s } })
                               << u"ORD-00123 → Delivered by ann"_s;
    QTest::newRow("created") << makeEvent(
        2, u"order.created"_s, u"ORD-00124"_s, { { "actor"_L1, u"simulator"_s } })
                             << u"ORD-00124 created by simulator"_s;
    QTest::newRow("payment") << makeEvent(
        3, u"payment.created"_s, u"PAY-00003"_s, { { "orderId"_L1, u"ORD-00007"_s } })
                             << u"Payment PAY-00003 recorded for ORD-00007"_s;
    QTest::newRow("alert") << makeEvent(
        4, u"alert.raised"_s, u"ALT-00012"_s, { { "message"_L1, u"late"_s } })
                           << u"Alert ALT-00012 raised: late"_s;
}

void tst_ActivityFeedModel::describesEvents()
{
    QFETCH(QJsonObject, event);
    QFETCH(QString, text);
    QCOMPARE(ActivityFeedModel::describe(event), text);
    QueryClient client;
    ActivityFeedModel model(&client);
    model.applySnapshot(QJsonArray { event });
    QVERIFY(model.index(0, 0).data().toString().startsWith(text + u", "_s));
}

void tst_ActivityFeedModel::newEventIsOneInsertNewestFirstInAProxy()
{
    QueryClient client;
    const QueryKey key = QueryKeys::recentEvents();
    QCOMPARE(key, (QueryKey { u"events"_s, QJsonObject { { "limit"_L1, u"100"_s } } }));
    client.setQueryData(key,
        QJsonArray { makeEvent(11, u"order.created"_s, u"ORD-2"_s),
            makeEvent(10, u"order.created"_s, u"ORD-1"_s) });
    ActivityFeedModel model(&client);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSortFilterProxyModel proxy;
    proxy.setSourceModel(&model);
    proxy.setSortRole(ActivityFeedModel::SortRole);
    proxy.sort(0, Qt::DescendingOrder);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
    client.setQueryData(key,
        QJsonArray { makeEvent(12, u"order.updated"_s, u"ORD-1"_s),
            makeEvent(11, u"order.created"_s, u"ORD-2"_s),
            makeEvent(10, u"order.created"_s, u"ORD-1"_s) });
    QTRY_COMPARE(inserted.size(), 1);
    QCOMPARE(inserted.first().at(1).toInt(), 2);
    QCOMPARE(removed.size(), 0);
    QCOMPARE(proxy.index(0, 0).data(ActivityFeedModel::SortRole).toLongLong(), 12);
    QCOMPARE(proxy.index(0, 0).data(ActivityFeedModel::OrderIdRole).toString(), u"ORD-1"_s);
}

QTEST_GUILESS_MAIN(tst_ActivityFeedModel)
#include "tst_activityfeedmodel.moc"
