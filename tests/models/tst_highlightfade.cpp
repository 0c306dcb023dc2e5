// HighlightFade: frames while a change of the orders is fading, none before or after.

#include <QJsonArray>
#include <QSignalSpy>
#include <QTest>

#include "keys/querykeys.h"
#include "models/highlightfade.h"
#include "models/orderstablemodel.h"
#include "query/queryclient.h"

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;
using namespace Ops;

namespace {

QJsonArray orders(OrderStatus second)
{
    static const QDateTime now = QDateTime::currentDateTimeUtc(); // the same rows every call
    QJsonArray rows;
    for (int n = 1; n <= 3; ++n) {
        Order o;
        o.id = u"ORD-%1"_s.arg(n);
        o.customer = u"Customer %1"_s.arg(n);
        o.region = u"north"_s;
        o.status = n == 2 ? second : OrderStatus::New;
        o.dueAt = now.addSecs(3600);
        o.updatedAt = now;
        o.version = n == 2 && second != OrderStatus::New ? 2 : 1;
        rows.append(o.toJson());
    }
    return rows;
}

} // namespace

class tst_HighlightFade : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void framesOnlyWhileAChangeFades();
};

void tst_HighlightFade::framesOnlyWhileAChangeFades()
{
    QueryClient client;
    client.setQueryData(QueryKeys::orders(), orders(OrderStatus::New));
    OrdersTableModel model(&client, QueryKeys::orders());
    QCOMPARE(model.rowCount(), 3);
    HighlightFade fade(&model, 1000ms, 5ms);
    QSignalSpy frames(&fade, &HighlightFade::frame);
    QVERIFY(!fade.isRunning()); // the first fill is no change to highlight

    client.setQueryData(QueryKeys::orders(), orders(OrderStatus::Assigned));
    QTRY_VERIFY(fade.isRunning());
    QTRY_VERIFY(frames.size() >= 3);
    // It stops by itself once the fade is over, and not before.
    QTRY_VERIFY(!fade.isRunning());
    QVERIFY(OrdersTableModel::steadyNowMs() - model.lastChangeAt() > 1000);

    // The same rows again change nothing: no frames.
    const qsizetype total = frames.size();
    client.setQueryData(QueryKeys::orders(), orders(OrderStatus::Assigned));
    QVERIFY(!frames.wait(200));
    QVERIFY(!fade.isRunning());
    QCOMPARE(frames.size(), total);
}

QTEST_GUILESS_MAIN(tst_HighlightFade)
#include "tst_highlightfade.moc"
