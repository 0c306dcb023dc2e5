#include <QSignalSpy>
#include <QTest>

#include "keys/querykeys.h"
#include "models/orderhistorymodel.h"
#include "models/orderstablemodel.h"
#include "models/paymentstablemodel.h"
#include "models/workspace.h"
#include "panelfixture.h"
#include "query/queryclient.h"
#include "ui/orderdetailpanel.h"

using namespace Qt::StringLiterals;
using namespace Ops;

class tst_OrderDetailPanel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void showsFieldsHistoryAndPayments();
    void dispatcherSeesWhyNoPayments();
    void removingARowAboveKeepsTheSelectedOrder();
    void showsContactNotesWindowAndReference();
    void showsTimeLeftAndEta();
};

void tst_OrderDetailPanel::showsFieldsHistoryAndPayments()
{
    PanelFixture f;
    QVERIFY(f.ok);
    Store &store = f.server.store();
    Order target;
    for (const Order &o : store.orders().list().orders) {
        if (o.status == OrderStatus::New) {
            target = o;
            break;
        }
    }
    QVERIFY(!target.id.isEmpty());
    QVERIFY(f.goLive());
    Workspace workspace(&f.queries);
    OrderDetailPanel panel(&workspace);
    panel.resize(520, 640);
    panel.show();
    panel.selectOrder(target.id);
    QTRY_COMPARE_WITH_TIMEOUT(panel.fieldText(u"customer"_s), target.customer, 10000);
    QCOMPARE(panel.fieldText(u"status"_s), OrdersTableModel::tr("New"));
    QTRY_VERIFY_WITH_TIMEOUT(panel.historyModel()->hasData(), 5000);
    QCOMPARE(panel.historyModel()->rowCount(), 1); // the seeded day's creation

    // Delivered by a dispatcher elsewhere: the fields, the timeline and the payment follow.
    for (OrderStatus to : { OrderStatus::Assigned, OrderStatus::PickedUp, OrderStatus::InTransit,
             OrderStatus::Delivered })
        QVERIFY(OrderService(store).setStatus(target.id, to, std::nullopt, u"ann"_s).ok());
    QVERIFY(store.payments().create(target.id, u"card"_s, u"captured"_s, u"ann"_s).ok());
    QTRY_COMPARE_WITH_TIMEOUT(
        panel.fieldText(u"status"_s), OrdersTableModel::tr("Delivered"), 5000);
    QTRY_COMPARE_WITH_TIMEOUT(panel.historyModel()->rowCount(), 5, 5000);
    QCOMPARE(
        panel.historyModel()->index(4, OrderHistoryModel::ActorColumn).data().toString(), u"ann"_s);
    QCOMPARE(panel.historyModel()->index(4, OrderHistoryModel::ChangeColumn).data().toString(),
        u"Status: In transit → Delivered"_s);
    QTRY_COMPARE_WITH_TIMEOUT(panel.paymentsModel()->rowCount(), 1, 5000);
    PanelFixture::screenshot(&panel, u"orderdetailpanel"_s);
}

void tst_OrderDetailPanel::dispatcherSeesWhyNoPayments()
{
    PanelFixture f(u"demo-dispatcher"_s);
    QVERIFY(f.ok);
    Workspace workspace(&f.queries);
    OrderDetailPanel panel(&workspace);
    panel.show();
    panel.selectOrder(u"ORD-00001"_s);
    QTRY_VERIFY_WITH_TIMEOUT(!panel.paymentsModel()->errorText().isEmpty(), 10000);
    QCOMPARE(panel.paymentsModel()->rowCount(), 0);
}

void tst_OrderDetailPanel::removingARowAboveKeepsTheSelectedOrder()
{
    // The panel refreshes when the model removes rows; the order it shows must still be the
    // selected one, not the row that moved into its place.
    QueryClient queries;
    queries.setDefaultQueryFn([](const QueryContext &) {}); // history and payments: never answer
    const QueryKey key = QueryKeys::orders();
    QJsonArray rows;
    for (int i = 1; i <= 5; ++i) {
        Order o;
        o.id = u"ORD-%1"_s.arg(i);
        o.customer = u"Customer %1"_s.arg(i);
        o.region = u"north"_s;
        o.pickup = u"Depot"_s;
        o.dropoff = u"Street %1"_s.arg(i);
        o.dueAt = QDateTime::fromMSecsSinceEpoch(1'800'000'000'000, Qt::UTC);
        o.updatedAt = o.dueAt;
        o.version = 1;
        rows.append(o.toJson());
    }
    queries.setQueryData(key, rows);
    Workspace workspace(&queries);
    OrdersTableModel &orders = *workspace.orders();
    OrderDetailPanel panel(&workspace);
    panel.selectOrder(u"ORD-4"_s);
    QCOMPARE(panel.fieldText(u"customer"_s), u"Customer 4"_s);
    rows.removeAt(1); // ORD-2, above the selected order
    queries.setQueryData(key, rows);
    QTRY_COMPARE(orders.rowCount(), 4);
    QCOMPARE(panel.fieldText(u"customer"_s), u"Customer 4"_s);
    QCOMPARE(panel.fieldText(u"dropoff"_s), u"Street 4"_s);
}

void tst_OrderDetailPanel::showsContactNotesWindowAndReference()
{
    QueryClient queries;
    queries.setDefaultQueryFn([](const QueryContext &) {}); // history and payments: never answer
    Order o;
    o.id = u"ORD-7"_s;
    o.customer = u"Corner Books"_s;
    o.region = u"north"_s;
    o.pickup = u"Depot"_s;
    o.dropoff = u"1 High St"_s;
    // Local midday: the window starts and ends on one local date in every time zone.
    o.dueAt = QDateTime(QDate(2027, 1, 15), QTime(12, 0)).toUTC();
    o.windowStart = o.dueAt.addSecs(-3600);
    o.updatedAt = o.dueAt;
    o.version = 1;
    o.contactName = u"Ada <Lovelace>"_s;
    o.contactPhone = u"+44 20 7946 0018"_s;
    o.notes = u"Ring twice"_s;
    o.externalRef = u"SHOP-991"_s;
    Order bare = o;
    bare.id = u"ORD-8"_s;
    bare.windowStart = {};
    bare.contactName.clear();
    bare.contactPhone.clear();
    bare.notes.clear();
    bare.externalRef.clear();
    queries.setQueryData(QueryKeys::orders(), QJsonArray { o.toJson(), bare.toJson() });
    Workspace workspace(&queries);
    OrderDetailPanel panel(&workspace);
    panel.resize(520, 640);
    panel.show();
    panel.selectOrder(o.id);
    QCOMPARE(panel.fieldText(u"contactName"_s), o.contactName);
    QCOMPARE(panel.fieldText(u"notes"_s), u"Ring twice"_s);
    QCOMPARE(panel.fieldText(u"externalRef"_s), u"SHOP-991"_s);
    // The number is a tel: link with only what a phone dials; the text is shown escaped.
    const QString phone = panel.fieldText(u"contactPhone"_s);
    QVERIFY2(phone.contains(uR"(href="tel:+442079460018")"_s), qPrintable(phone));
    QVERIFY2(phone.contains(u">+44 20 7946 0018</a>"_s), qPrintable(phone));
    QCOMPARE(OrderDetailPanel::phoneLink(u"<b>1</b>"_s),
        uR"(<a href="tel:1">&lt;b&gt;1&lt;/b&gt;</a>)"_s);
    // A delivery window shows from when to when.
    const QString due = panel.fieldText(u"dueAt"_s);
    QVERIFY2(due.contains(QLocale().toString(o.windowStart.toLocalTime(), QLocale::ShortFormat))
            && due.endsWith(
                u" – "_s + QLocale().toString(o.dueAt.toLocalTime().time(), QLocale::ShortFormat)),
        qPrintable(due));
    PanelFixture::screenshot(&panel, u"orderdetailpanel-contact"_s);

    panel.selectOrder(bare.id);
    QCOMPARE(panel.fieldText(u"contactName"_s), OrderDetailPanel::tr("–"));
    QCOMPARE(panel.fieldText(u"contactPhone"_s), OrderDetailPanel::tr("–"));
    QCOMPARE(panel.fieldText(u"notes"_s), OrderDetailPanel::tr("–"));
    QCOMPARE(panel.fieldText(u"dueAt"_s),
        QLocale().toString(bare.dueAt.toLocalTime(), QLocale::ShortFormat));
}

void tst_OrderDetailPanel::showsTimeLeftAndEta()
{
    QueryClient queries;
    queries.setDefaultQueryFn([](const QueryContext &) {}); // history and payments: never answer
    // Local noon: the ETA half an hour on is today in any time zone, so it shows as a time alone
    // (the real clock failed this shortly before midnight).
    const QDateTime now = QDateTime(QDate(2026, 11, 22), QTime(12, 0)).toUTC();
    Order o;
    o.id = u"ORD-9"_s;
    o.customer = u"Corner Books"_s;
    o.region = u"north"_s;
    o.pickup = u"Depot"_s;
    o.dropoff = u"1 High St"_s;
    o.status = OrderStatus::InTransit;
    o.driverId = u"DRV-001"_s;
    o.dueAt = now.addSecs(25 * 60 + 30);
    o.etaAt = o.dueAt.addSecs(6 * 60 - 20); // 5 min 40 s after due: "+6 min"
    o.etaEstimate = true;
    o.updatedAt = now;
    o.version = 1;
    Order bare = o;
    bare.id = u"ORD-10"_s;
    bare.driverId.clear();
    bare.etaAt = {};
    bare.status = OrderStatus::New;
    queries.setQueryData(QueryKeys::orders(), QJsonArray { o.toJson(), bare.toJson() });
    Workspace workspace(&queries);
    workspace.orders()->setLocalClock([now] { return now; });
    OrderDetailPanel panel(&workspace);
    panel.resize(520, 640);
    panel.show();
    panel.selectOrder(o.id);
    QCOMPARE(panel.fieldText(u"left"_s), u"25 min"_s);
    const QString eta = QLocale().toString(o.etaAt.toLocalTime().time(), u"HH:mm"_s);
    QCOMPARE(panel.fieldText(u"eta"_s), u"≈ %1 (+6 min)"_s.arg(eta));
    PanelFixture::screenshot(&panel, u"orderdetailpanel-eta"_s);
    panel.selectOrder(bare.id);
    QCOMPARE(panel.fieldText(u"eta"_s), OrderDetailPanel::tr("–"));
}

QTEST_MAIN(tst_OrderDetailPanel)
#include "server/domain/orderservice.h"
#include "tst_orderdetailpanel.moc"
