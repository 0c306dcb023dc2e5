// The rules dialog against the real server in process (panelfixture.h): a manager's change is
// the server's versioned write and comes back into the table; a rule changed meanwhile by
// someone else is a conflict shown as it is now; a value out of place is shown at its field;
// a dispatcher cannot change rules.

#include <QAction>
#include <QComboBox>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTableWidget>
#include <QTest>

#include "panelfixture.h"
#include "server/domain/alertrules.h"
#include "server/domain/alertservice.h"
#include "sync/alertruleseditor.h"
#include "sync/session.h"
#include "ui/alertrulesdialog.h"
#include "ui/mainwindow.h"

using namespace Qt::StringLiterals;
using namespace Ops;

namespace {

constexpr int kThresholdColumn = 3;
constexpr int kSourceColumn = 7;

int rowOf(const QString &kind)
{
    return int(AlertRule::kinds().indexOf(kind));
}

AlertRule serverRule(PanelFixture &f, const QString &region, const QString &kind)
{
    return AlertService(f.server.store()).rules().rule(region, kind);
}

} // namespace

class tst_AlertRulesDialog : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        // The main window keeps its layout in QSettings: not in the user's.
        QStandardPaths::setTestModeEnabled(true);
    }
    void changeReachesTheServerAndComesBack();
    void changedMeanwhileIsAConflict();
    void fieldErrorsAtTheirField();
    void dispatchersAreRefused();
    void onlyManagersHaveTheMenuEntry();
};

void tst_AlertRulesDialog::changeReachesTheServerAndComesBack()
{
    PanelFixture f;
    QVERIFY(f.ok);
    QVERIFY(f.goLive());
    AlertRulesEditor editor(&f.queries, &f.api);
    AlertRulesDialog dialog(&editor, { u"north"_s, u"east"_s });
    dialog.show();
    QTRY_VERIFY_WITH_TIMEOUT(editor.isLoaded(), 10000);
    dialog.setRegion(u"north"_s);
    QCOMPARE(dialog.region(), u"north"_s);
    dialog.setKind(u"late_order"_s);
    QTableWidget *table = dialog.table();
    const int row = rowOf(u"late_order"_s);
    QCOMPARE(table->item(row, kThresholdColumn)->text(), u"15 min"_s); // the built-in default
    QCOMPARE(table->item(row, kSourceColumn)->text(), u"default"_s);

    auto *threshold = dialog.findChild<QSpinBox *>(u"thresholdMinutes"_s);
    auto *severity = dialog.findChild<QComboBox *>(u"severity"_s);
    auto *save = dialog.findChild<QPushButton *>(u"saveButton"_s);
    QVERIFY(threshold && severity && save);
    threshold->setValue(20);
    severity->setCurrentIndex(severity->findData(u"critical"_s));
    QSignalSpy saved(&editor, &AlertRulesEditor::saved);
    QTest::mouseClick(save, Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(saved.size(), 1, 5000);
    // Stored by the server as the region's own rule, with only what changed.
    const AlertRule stored = serverRule(f, u"north"_s, u"late_order"_s);
    QCOMPARE(stored.thresholdMinutes, 20);
    QCOMPARE(stored.severity, u"critical"_s);
    QCOMPARE(stored.version, 1);
    QCOMPARE(stored.updatedBy, u"manager"_s);
    QCOMPARE(serverRule(f, u"east"_s, u"late_order"_s).thresholdMinutes, 15);
    // And back in the dialog from the server's list.
    QTRY_COMPARE_WITH_TIMEOUT(table->item(row, kSourceColumn)->text(), u"v1 by manager"_s, 5000);
    QCOMPARE(table->item(row, kThresholdColumn)->text(), u"20 min"_s);
    QVERIFY(dialog.note().contains(u"Saved"_s));
    PanelFixture::screenshot(&dialog, u"alertrulesdialog"_s);

    // A second change expects version 1 and gets 2.
    threshold->setValue(25);
    QVERIFY(dialog.save());
    QTRY_COMPARE_WITH_TIMEOUT(saved.size(), 2, 5000);
    QCOMPARE(serverRule(f, u"north"_s, u"late_order"_s).version, 2);
    QTRY_COMPARE_WITH_TIMEOUT(table->item(row, kThresholdColumn)->text(), u"25 min"_s, 5000);
    QVERIFY(!dialog.save()); // nothing changed: nothing sent
    QCOMPARE(dialog.note(), u"Nothing changed."_s);
}

void tst_AlertRulesDialog::changedMeanwhileIsAConflict()
{
    PanelFixture f;
    QVERIFY(f.ok);
    // No live socket: the dialog does not hear of the other manager's change.
    AlertRulesEditor editor(&f.queries, &f.api);
    AlertRulesDialog dialog(&editor, { u"north"_s });
    QTRY_VERIFY_WITH_TIMEOUT(editor.isLoaded(), 10000);
    dialog.setRegion(u"north"_s);
    dialog.setKind(u"unassigned_order"_s);
    AlertRule other = serverRule(f, u"north"_s, u"unassigned_order"_s);
    other.region = u"north"_s;
    other.thresholdMinutes = 45;
    QVERIFY(AlertService(f.server.store()).updateRule(other, 0, u"mia"_s).ok());

    QSignalSpy conflicted(&editor, &AlertRulesEditor::conflicted);
    dialog.findChild<QSpinBox *>(u"thresholdMinutes"_s)->setValue(10);
    QVERIFY(dialog.save());
    QTRY_COMPARE_WITH_TIMEOUT(conflicted.size(), 1, 5000);
    QCOMPARE(conflicted.first().at(0).value<AlertRule>().updatedBy, u"mia"_s);
    QVERIFY(dialog.note().contains(u"Another manager"_s));
    // Nothing overwritten; the form and the table show the rule as it is now.
    QCOMPARE(serverRule(f, u"north"_s, u"unassigned_order"_s).thresholdMinutes, 45);
    QTRY_COMPARE_WITH_TIMEOUT(
        dialog.findChild<QSpinBox *>(u"thresholdMinutes"_s)->value(), 45, 5000);
    QTRY_COMPARE(
        dialog.table()->item(rowOf(u"unassigned_order"_s), kSourceColumn)->text(), u"v1 by mia"_s);
    // Made again on the current version, it is saved.
    QSignalSpy saved(&editor, &AlertRulesEditor::saved);
    dialog.findChild<QSpinBox *>(u"thresholdMinutes"_s)->setValue(10);
    QVERIFY(dialog.save());
    QTRY_COMPARE_WITH_TIMEOUT(saved.size(), 1, 5000);
    QCOMPARE(serverRule(f, u"north"_s, u"unassigned_order"_s).thresholdMinutes, 10);
}

void tst_AlertRulesDialog::fieldErrorsAtTheirField()
{
    PanelFixture f;
    QVERIFY(f.ok);
    AlertRulesEditor editor(&f.queries, &f.api);
    AlertRulesDialog dialog(&editor);
    dialog.show();
    QTRY_VERIFY_WITH_TIMEOUT(editor.isLoaded(), 10000);
    dialog.setKind(u"overdue_order"_s);
    dialog.findChild<QSpinBox *>(u"renotifyMinutes"_s)->setValue(30);
    dialog.findChild<QSpinBox *>(u"escalateMinutes"_s)->setValue(10);
    QSignalSpy saving(&editor, &AlertRulesEditor::savingChanged);
    QVERIFY(!dialog.save());
    QVERIFY(!dialog.fieldError(u"escalateMinutes"_s).isEmpty());
    QVERIFY(dialog.fieldError(u"renotifyMinutes"_s).isEmpty());
    QCOMPARE(saving.size(), 0); // never sent
    QCOMPARE(serverRule(f, u"*"_s, u"overdue_order"_s).version, 0);
    PanelFixture::screenshot(&dialog, u"alertrulesdialog-error"_s);
    // The server's own messages name their field the same way.
    QCOMPARE(AlertRulesEditor::fieldOf(u"'escalateMinutes' must be more than 'renotifyMinutes'"_s),
        u"escalateMinutes"_s);
    QCOMPARE(AlertRulesEditor::fieldOf(u"nothing to change"_s), QString());
    // Corrected, the error goes and the rule is saved.
    dialog.findChild<QSpinBox *>(u"escalateMinutes"_s)->setValue(45);
    QSignalSpy saved(&editor, &AlertRulesEditor::saved);
    QVERIFY(dialog.save());
    QVERIFY(dialog.fieldError(u"escalateMinutes"_s).isEmpty());
    QTRY_COMPARE_WITH_TIMEOUT(saved.size(), 1, 5000);
    const AlertRule stored = serverRule(f, u"*"_s, u"overdue_order"_s);
    QCOMPARE(stored.renotifyMinutes, 30);
    QCOMPARE(stored.escalateMinutes, 45);
}

void tst_AlertRulesDialog::dispatchersAreRefused()
{
    PanelFixture f(u"demo-dispatcher"_s);
    QVERIFY(f.ok);
    AlertRulesEditor editor(&f.queries, &f.api);
    AlertRulesDialog dialog(&editor, { u"north"_s });
    QTRY_VERIFY_WITH_TIMEOUT(editor.isLoaded(), 10000); // dispatchers may read them
    dialog.setRegion(u"north"_s);
    dialog.setKind(u"late_order"_s);
    dialog.findChild<QSpinBox *>(u"thresholdMinutes"_s)->setValue(5);
    QSignalSpy failed(&editor, &AlertRulesEditor::failed);
    QVERIFY(dialog.save());
    QTRY_COMPARE_WITH_TIMEOUT(failed.size(), 1, 5000);
    QVERIFY(dialog.note().startsWith(u"Not saved:"_s));
    QVERIFY(dialog.note().contains(u"managers"_s));
    QCOMPARE(serverRule(f, u"north"_s, u"late_order"_s).thresholdMinutes, 15);
}

void tst_AlertRulesDialog::onlyManagersHaveTheMenuEntry()
{
    PanelFixture f;
    QVERIFY(f.ok);
    const QUrl base = f.api.baseUrl();
    for (const auto &[token, manager] :
        { std::pair { u"demo-dispatcher"_s, false }, std::pair { u"demo-manager"_s, true } }) {
        Session session;
        MainWindow window(&session);
        auto *action = window.findChild<QAction *>(u"alertRules"_s);
        QVERIFY(action);
        QVERIFY(!action->isVisible()); // not signed in yet
        QSignalSpy signedIn(&session, &Session::signedIn);
        session.start(base, token);
        QTRY_COMPARE_WITH_TIMEOUT(signedIn.size(), 1, 10000);
        QCOMPARE(action->isVisible(), manager);
        if (manager) {
            action->trigger();
            auto *dialog = window.findChild<AlertRulesDialog *>();
            QVERIFY(dialog);
            QVERIFY(dialog->isVisible());
            dialog->close();
        }
    }
}

QTEST_MAIN(tst_AlertRulesDialog)
#include "tst_alertrulesdialog.moc"
