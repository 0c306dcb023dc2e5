// The "Assign driver" menu against the real server: ordered by the server's travel times once
// GET /api/orders/<id>/candidates answers, by region and presence until then.

#include <QAction>
#include <QRegularExpression>
#include <QTest>

#include "models/assigncandidates.h"
#include "models/workspace.h"
#include "panelfixture.h"
#include "ui/assignmenu.h"

using namespace Qt::StringLiterals;
using namespace Ops;

class tst_AssignMenu : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void ordersDriversByTravelTime();
};

void tst_AssignMenu::ordersDriversByTravelTime()
{
    PanelFixture f(u"demo-dispatcher"_s);
    QVERIFY(f.ok);
    Workspace workspace(&f.queries);
    QTRY_VERIFY_WITH_TIMEOUT(
        workspace.orders()->rowCount() > 0 && workspace.drivers()->rowCount() > 0, 10000);
    // An order nobody has collected, with a known pickup: the drive to its pickup ranks.
    Order order;
    for (const Order &o : workspace.orders()->orders()) {
        if (o.status == OrderStatus::New && o.pickupAt) {
            order = o;
            break;
        }
    }
    QVERIFY(!order.id.isEmpty());
    AssignMenu menu(&f.queries, workspace.drivers(), order);
    // At once: the ranking, and a line saying the travel times are being asked for.
    QCOMPARE(menu.candidates()->source(), AssignCandidates::Source::Ranking);
    QVERIFY(menu.findChild<QAction *>(u"assign_note"_s));
    QTRY_COMPARE_WITH_TIMEOUT(menu.candidates()->source(), AssignCandidates::Source::ByTime, 10000);
    QVERIFY(!menu.findChild<QAction *>(u"assign_note"_s));
    const QList<AssignChoice> choices = menu.candidates()->choices();
    QVERIFY(!choices.isEmpty());
    int previous = 0;
    for (const AssignChoice &c : choices) {
        QVERIFY2(c.minutesAway.has_value(), qPrintable(c.id)); // every driver has a position
        QVERIFY(*c.minutesAway >= previous); // quickest first
        previous = *c.minutesAway;
    }
    // "Name · presence · N min away", "≈" for the built-in estimate (no routing service here).
    const QList<QAction *> actions = menu.actions();
    QCOMPARE(actions.first()->objectName(), u"assign_"_s + choices.first().id);
    const QString text = actions.first()->text();
    QVERIFY2(QRegularExpression(u"^.+ · .+ · ≈ \\d+ min away$"_s).match(text).hasMatch(),
        qPrintable(text));
    QVERIFY(choices.first().estimate);
    PanelFixture::screenshot(&menu, u"assignmenu"_s);
}

QTEST_MAIN(tst_AssignMenu)
#include "tst_assignmenu.moc"
