#include <QDir>
#include <QJsonArray>
#include <QJsonObject>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QTableView>
#include <QTest>

#include "models/queryinspectormodel.h"
#include "query/queryclient.h"
#include "query/queryclock.h"
#include "query/queryobserver.h"
#include "ui/queryinspector.h"

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;
using namespace Ops;

class tst_QueryInspector : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void showsEveryQueryAndItsState();
    void buttonsActOnTheSelectedQuery();
};

namespace {

QString cellText(const QueryInspectorModel *model, const QueryKey &key, int column)
{
    return model->index(model->rowOf(key), column).data().toString();
}

} // namespace

void tst_QueryInspector::showsEveryQueryAndItsState()
{
    ManualClock clock;
    QueryClient client;
    client.setClock(&clock);
    QList<QueryContext> server;
    client.setDefaultQueryFn([&server](const QueryContext &ctx) { server.append(ctx); });
    const QueryKey orders { u"orders"_s };
    const QueryKey drivers { u"drivers"_s };
    client.setQueryData(drivers, QJsonArray {});
    QueryInspector inspector(&client);
    inspector.resize(900, 500);
    inspector.show();
    QueryInspectorModel *model = inspector.model();
    QCOMPARE(model->rowCount(), 1); // what the cache held before
    QueryObserver a(&client, { orders });
    QueryObserver b(&client, { orders });
    QCOMPARE(model->rowCount(), 2);
    QCOMPARE(cellText(model, orders, QueryInspectorModel::ObserversColumn), u"2"_s);
    QCOMPARE(cellText(model, orders, QueryInspectorModel::FetchStatusColumn), u"fetching"_s);
    QCOMPARE(cellText(model, orders, QueryInspectorModel::StatusColumn), u"pending"_s);
    clock.advance(250ms);
    server.at(0).resolve(QJsonArray { QJsonObject { { "id"_L1, 1 } } });
    QCOMPARE(cellText(model, orders, QueryInspectorModel::StatusColumn), u"success"_s);
    QCOMPARE(cellText(model, orders, QueryInspectorModel::FetchDurationColumn), u"250 ms"_s);
    clock.advance(12s);
    QCOMPARE(cellText(model, orders, QueryInspectorModel::AgeColumn), u"12 s"_s);
    client.invalidateQueries(QueryFilter::exactly(orders), RefetchType::None);
    QCOMPARE(model->invalidations(model->rowOf(orders)), 1);
    QCOMPARE(cellText(model, orders, QueryInspectorModel::AgeColumn), u"12 s (invalidated)"_s);
    // The live stream, newest first.
    QListWidget *events = inspector.eventList();
    QVERIFY(events->count() >= 5);
    QVERIFY(events->item(0)->text().endsWith(u"invalidated · [\"orders\"]"_s));
    client.removeQueries(QueryFilter::exactly(drivers));
    QCOMPARE(model->rowCount(), 1);
    QVERIFY(events->item(0)->text().endsWith(u"removed · [\"drivers\"]"_s));
    const QString dir = qEnvironmentVariable("OPS_SCREENSHOT_DIR");
    if (!dir.isEmpty()) {
        QDir().mkpath(dir);
        inspector.grab().save(QDir(dir).filePath(u"queryinspector.png"_s));
    }
}

void tst_QueryInspector::buttonsActOnTheSelectedQuery()
{
    QueryClient client;
    QList<QueryContext> server;
    client.setDefaultQueryFn([&server](const QueryContext &ctx) { server.append(ctx); });
    const QueryKey key { u"orders"_s };
    QueryObserver observer(&client, { key });
    server.at(0).resolve(1);
    QueryInspector inspector(&client);
    inspector.show();
    auto *refetch = inspector.findChild<QPushButton *>(u"refetchQuery"_s);
    auto *invalidate = inspector.findChild<QPushButton *>(u"invalidateQuery"_s);
    auto *reset = inspector.findChild<QPushButton *>(u"resetQuery"_s);
    QVERIFY(refetch && invalidate && reset);
    QVERIFY(!refetch->isEnabled()); // nothing selected
    inspector.selectKey(key.toString());
    QVERIFY(refetch->isEnabled());
    QTest::mouseClick(refetch, Qt::LeftButton);
    QCOMPARE(server.size(), 2);
    server.at(1).resolve(2);
    QTest::mouseClick(invalidate, Qt::LeftButton);
    QVERIFY(client.state(key).isInvalidated);
    QTRY_COMPARE(server.size(), 3); // active: fetched again
    server.at(2).resolve(3);
    QTest::mouseClick(reset, Qt::LeftButton);
    QVERIFY(!client.state(key).hasData()); // the data is forgotten
    QCOMPARE(server.size(), 4); // and the active query fetches again
}

QTEST_MAIN(tst_QueryInspector)
#include "tst_queryinspector.moc"
