#include <QAbstractItemModelTester>
#include <QJsonArray>
#include <QSignalSpy>
#include <QTest>

#include "keys/querykeys.h"
#include "models/kpitimelinemodel.h"
#include "query/queryclient.h"

using namespace Qt::StringLiterals;
using namespace Ops;

namespace {

QJsonObject bucket(int quarter, int created, int delivered)
{
    return { { "start"_L1,
                 QDateTime(QDate(2026, 11, 22), QTime(0, 0), Qt::UTC)
                     .addSecs(quarter * 900)
                     .toString(Qt::ISODateWithMs) },
        { "created"_L1, created }, { "delivered"_L1, delivered } };
}

} // namespace

class tst_KpiTimelineModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void bucketsByStart();
};

void tst_KpiTimelineModel::bucketsByStart()
{
    QueryClient client;
    const QueryKey key = QueryKeys::kpiTimeline();
    QCOMPARE(
        key, (QueryKey { u"kpis"_s, u"timeline"_s, QJsonObject { { "interval"_L1, u"15m"_s } } }));
    client.setQueryData(key, QJsonArray { bucket(0, 1, 0), bucket(1, 2, 1) });
    KpiTimelineModel model(&client);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(model.index(1, KpiTimelineModel::CreatedColumn).data().toInt(), 2);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    // The current bucket grows and a new one starts.
    client.setQueryData(key, QJsonArray { bucket(0, 1, 0), bucket(1, 3, 1), bucket(2, 0, 0) });
    QTRY_COMPARE(inserted.size(), 1);
    QCOMPARE(changed.size(), 1);
    QCOMPARE(changed.first().at(0).toModelIndex(), model.index(1, KpiTimelineModel::CreatedColumn));
    QCOMPARE(inserted.first().at(1).toInt(), 2);
}

QTEST_GUILESS_MAIN(tst_KpiTimelineModel)
#include "tst_kpitimelinemodel.moc"
