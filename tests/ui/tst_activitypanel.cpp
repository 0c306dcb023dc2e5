#include <QListView>
#include <QSignalSpy>
#include <QTest>

#include "models/activityfeedmodel.h"
#include "panelfixture.h"
#include "ui/activitypanel.h"

using namespace Qt::StringLiterals;
using namespace Ops;

class tst_ActivityPanel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void feedUpdatesAfterServerEvent();
};

void tst_ActivityPanel::feedUpdatesAfterServerEvent()
{
    PanelFixture f;
    QVERIFY(f.ok);
    Store &store = f.server.store();
    QVERIFY(f.goLive());
    ActivityPanel panel(&f.queries);
    panel.resize(520, 360);
    panel.show();
    QTRY_VERIFY_WITH_TIMEOUT(panel.model()->hasData(), 10000);
    const int before = panel.model()->rowCount();

    Order target;
    for (const Order &o : store.orders().list().orders) {
        if (o.status == OrderStatus::New) {
            target = o;
            break;
        }
    }
    QVERIFY(!target.id.isEmpty());
    QSignalSpy inserted(panel.model(), &QAbstractItemModel::rowsInserted);
    QVERIFY(OrderService(store)
                .setStatus(target.id, OrderStatus::Assigned, std::nullopt, u"ann"_s)
                .ok());
    QTRY_COMPARE_WITH_TIMEOUT(panel.model()->rowCount(), before + 1, 5000);
    QCOMPARE(inserted.size(), 1);
    // Newest first in the view.
    const QModelIndex top = panel.view()->model()->index(0, 0);
    QVERIFY2(top.data().toString().startsWith(u"%1 → Assigned by ann"_s.arg(target.id)),
        qPrintable(top.data().toString()));

    QSignalSpy activated(&panel, &DashPanel::orderActivated);
    QTest::mouseClick(
        panel.view()->viewport(), Qt::LeftButton, {}, panel.view()->visualRect(top).center());
    QCOMPARE(activated.size(), 1);
    QCOMPARE(activated.first().at(0).toString(), target.id);
    PanelFixture::screenshot(&panel, u"activitypanel"_s);
}

QTEST_MAIN(tst_ActivityPanel)
#include "server/domain/orderservice.h"
#include "tst_activitypanel.moc"
