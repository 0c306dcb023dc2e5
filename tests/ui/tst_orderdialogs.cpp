// The dialogs that put orders in and right, against the real server in process: New order
// (checked as typed, refused at the field, created once), Edit order, the reason for cancelling,
// Correct status… (managers only), Reassign all… and the import wizard (check → preview →
// import → summary).

#include <QCheckBox>
#include <QComboBox>
#include <QJsonArray>
#include <QLineEdit>
#include <QMenu>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTest>

#include "api/apiclient.h"
#include "keys/querykeys.h"
#include "models/workspace.h"
#include "panelfixture.h"
#include "query/queryobserver.h"
#include "sync/orderactions.h"
#include "sync/orderimporter.h"
#include "ui/importwizard.h"
#include "ui/orderdialog.h"
#include "ui/orderdialogs.h"
#include "ui/reasondialog.h"

using namespace Qt::StringLiterals;
using namespace Ops;

namespace {

//! The window, its order dialogs and the orders list observed (as the table does), live.
struct Window
{
    explicit Window(const QString &token = u"demo-manager"_s)
        : fixture(token)
        , actions(&fixture.queries, &fixture.api, &fixture.connection)
        , workspace(&fixture.queries)
        , dialogs(&actions, &fixture.api, &fixture.connection, &workspace, &widget)
    {
        observer =
            std::make_unique<QueryObserver>(&fixture.queries, QueryOptions { QueryKeys::orders() });
        drivers = std::make_unique<QueryObserver>(
            &fixture.queries, QueryOptions { QueryKeys::drivers() });
    }
    bool ready()
    {
        return fixture.ok && fixture.goLive()
            && QTest::qWaitFor(
                [this] {
                    return fixture.queries.queryData(QueryKeys::orders()).isArray()
                        && fixture.queries.queryData(QueryKeys::drivers()).isArray();
                },
                10000);
    }
    QJsonObject row(const QString &id) const { return actions.cachedOrder(id); }
    QJsonObject first(const QString &status, int skip = 0) const
    {
        for (const QJsonValue &v : fixture.queries.queryData(QueryKeys::orders()).toArray()) {
            if (v.toObject().value("status"_L1).toString() == status && skip-- <= 0)
                return v.toObject();
        }
        return {};
    }
    QJsonValue get(const QString &path)
    {
        ApiCall *call = fixture.api.send(ApiRequest::get(path));
        QSignalSpy done(call, &ApiCall::finished);
        return done.wait(10000) ? done.at(0).at(0).value<ApiResult>().json : QJsonValue();
    }

    PanelFixture fixture;
    OrderActions actions;
    Workspace workspace;
    QWidget widget;
    OrderDialogs dialogs;
    std::unique_ptr<QueryObserver> observer;
    std::unique_ptr<QueryObserver> drivers;
};

void fillValidOrder(OrderDialog *dialog, const QString &customer)
{
    OrderForm f = dialog->form();
    f.customer = customer;
    f.region = u"north"_s;
    f.pickup = u"North Depot, 12 Ridge Rd"_s;
    f.dropoff = u"141 Market Sq"_s;
    f.dueAt = QDateTime::currentDateTime().addSecs(7200);
    f.amount = u"24.82"_s;
    f.contactPhone = u"+44 20 7946 0000"_s;
    dialog->setForm(f);
}

} // namespace

class tst_OrderDialogs : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { qRegisterMetaType<ApiResult>(); }
    void newOrderIsCheckedAsTypedThenCreated();
    void serverRefusalIsShownAtItsField();
    void editOrderSendsTheChangedFields();
    void cancellingAsksForAReason();
    void onlyManagersCorrectAFinalState();
    void reassignAllMovesTheDriversOpenOrders();
    void importWizardChecksPreviewsAndImports();
};

void tst_OrderDialogs::newOrderIsCheckedAsTypedThenCreated()
{
    Window w;
    QVERIFY(w.ready());
    OrderDialog *dialog = w.dialogs.newOrder();
    QVERIFY(dialog && dialog->isVisible());
    // Nothing is marked before the dispatcher touches a field.
    QVERIFY(dialog->problemAt(u"customer"_s).isEmpty());
    auto *phone = dialog->findChild<QLineEdit *>(u"contactPhone"_s);
    QVERIFY(phone);
    QTest::keyClicks(phone, u"call me"_s);
    QVERIFY(!dialog->problemAt(u"contactPhone"_s).isEmpty()); // as typed
    QVERIFY(dialog->problemAt(u"customer"_s).isEmpty()); // untouched
    // Save with problems: every one shows, nothing is sent.
    QTest::mouseClick(dialog->saveButton(), Qt::LeftButton);
    QVERIFY(!dialog->problemAt(u"customer"_s).isEmpty());
    QVERIFY(!dialog->problemAt(u"pickup"_s).isEmpty());
    QVERIFY(dialog->isVisible());

    fillValidOrder(dialog, u"Acme Bakery"_s);
    QVERIFY(dialog->problemAt(u"contactPhone"_s).isEmpty());
    QVERIFY(dialog->statusText().isEmpty()); // nothing left to fix
    QCoreApplication::processEvents(); // the layout settles after the problem lines went
    PanelFixture::screenshot(dialog, u"new-order"_s);
    QSignalSpy saved(dialog, &OrderDialog::saved);
    QSignalSpy messages(&w.dialogs, &OrderDialogs::messageRequested);
    const int before = int(w.fixture.queries.queryData(QueryKeys::orders()).toArray().size());
    QTest::mouseClick(dialog->saveButton(), Qt::LeftButton);
    QVERIFY(saved.wait(10000));
    const QString id = saved.at(0).at(0).toString();
    QCOMPARE(w.row(id).value("customer"_L1).toString(), u"Acme Bakery"_s);
    QCOMPARE(w.row(id).value("amountCents"_L1).toInteger(), 2482);
    QCOMPARE(w.fixture.queries.queryData(QueryKeys::orders()).toArray().size(), before + 1);
    QVERIFY(messages.size() == 1 && messages.at(0).at(0).toString().contains(id));
}

void tst_OrderDialogs::serverRefusalIsShownAtItsField()
{
    // A dispatcher of north and east: the form cannot know that west is not theirs.
    Window w(u"demo-dispatcher"_s);
    QVERIFY(w.ready());
    OrderDialog *dialog = w.dialogs.newOrder();
    fillValidOrder(dialog, u"Oak Clinic"_s);
    OrderForm f = dialog->form();
    f.region = u"west"_s;
    f.externalRef = u"SHOP-4711"_s;
    dialog->setForm(f);
    dialog->submit();
    QTRY_VERIFY_WITH_TIMEOUT(!dialog->problemAt(u"region"_s).isEmpty(), 10000);
    QVERIFY(dialog->isVisible());
    QVERIFY(dialog->saveButton()->isEnabled());

    // A reference that is an order already: nothing is created, and the dialog says which.
    f.region = u"north"_s;
    dialog->setForm(f);
    QSignalSpy saved(dialog, &OrderDialog::saved);
    dialog->submit();
    QVERIFY(saved.wait(10000));
    const QString id = saved.at(0).at(0).toString();
    OrderDialog *again = w.dialogs.newOrder();
    fillValidOrder(again, u"Oak Clinic"_s);
    OrderForm g = again->form();
    g.externalRef = u"SHOP-4711"_s;
    again->setForm(g);
    again->submit();
    QTRY_VERIFY_WITH_TIMEOUT(again->statusText().contains(id), 10000);
    QVERIFY(again->isVisible());
}

void tst_OrderDialogs::editOrderSendsTheChangedFields()
{
    Window w;
    QVERIFY(w.ready());
    const QJsonObject order = w.first(u"new"_s);
    const QString id = order.value("id"_L1).toString();
    OrderDialog *dialog = w.dialogs.editOrder(id);
    QVERIFY(dialog);
    QCOMPARE(dialog->form().customer, order.value("customer"_L1).toString());
    QVERIFY(dialog->findChild<QLineEdit *>(u"customer"_s)->isReadOnly());
    OrderForm f = dialog->form();
    f.notes = u"Back door, ring twice"_s;
    f.contactPhone = u"020 7946 0018"_s;
    dialog->setForm(f);
    PanelFixture::screenshot(dialog, u"edit-order"_s);
    QSignalSpy saved(dialog, &OrderDialog::saved);
    dialog->submit();
    // The table shows it at once (optimistic), the server confirms it.
    QCOMPARE(w.row(id).value("notes"_L1).toString(), u"Back door, ring twice"_s);
    QVERIFY(saved.wait(10000));
    const QJsonObject server = w.get(u"/api/orders/"_s + id).toObject();
    QCOMPARE(server.value("notes"_L1).toString(), u"Back door, ring twice"_s);
    QCOMPARE(server.value("contactPhone"_L1).toString(), u"020 7946 0018"_s);
    QCOMPARE(server.value("customer"_L1), order.value("customer"_L1));
    QVERIFY(server.value("version"_L1).toInteger() > order.value("version"_L1).toInteger());
}

void tst_OrderDialogs::cancellingAsksForAReason()
{
    Window w;
    QVERIFY(w.ready());
    const QString id = w.first(u"new"_s, 1).value("id"_L1).toString();
    ReasonDialog *dialog = w.dialogs.changeStatusWithReason({ id }, OrderStatus::Cancelled);
    QVERIFY(dialog && dialog->isVisible());
    QVERIFY(!dialog->canAccept()); // no reason, no change
    auto *box = dialog->findChild<QComboBox *>(u"reason"_s);
    QVERIFY(box->count() > 0); // the usual reasons are offered
    dialog->setReason(u"Customer called: shop closed"_s);
    QVERIFY(dialog->canAccept());
    PanelFixture::screenshot(dialog, u"cancel-reason"_s);
    QSignalSpy confirmed(&w.actions, &OrderActions::statusConfirmed);
    dialog->accept();
    QCOMPARE(w.row(id).value("status"_L1).toString(), u"cancelled"_s);
    QVERIFY(confirmed.wait(10000));
    bool reasonKept = false;
    for (const QJsonValue &v : w.get(u"/api/orders/%1/history"_s.arg(id)).toArray())
        reasonKept = reasonKept
            || v.toObject().value("reason"_L1).toString() == "Customer called: shop closed"_L1;
    QVERIFY(reasonKept);
    // Cancelling without the dialog (rejected) changes nothing.
    const QString other = w.first(u"new"_s, 1).value("id"_L1).toString();
    ReasonDialog *no = w.dialogs.changeStatusWithReason({ other }, OrderStatus::Failed);
    no->reject();
    QCOMPARE(w.row(other).value("status"_L1).toString(), u"new"_s);
}

void tst_OrderDialogs::onlyManagersCorrectAFinalState()
{
    {
        Window dispatcher(u"demo-dispatcher"_s);
        QVERIFY(dispatcher.ready());
        const QString id = dispatcher.first(u"delivered"_s).value("id"_L1).toString();
        QVERIFY(!id.isEmpty());
        QVERIFY(!dispatcher.dialogs.isManager());
        QVERIFY(!dispatcher.dialogs.correctStatus(id));
        QMenu menu;
        dispatcher.dialogs.addToMenu(&menu, { id });
        QVERIFY(!menu.findChild<QAction *>(u"correctStatus"_s));
    }
    Window w;
    QVERIFY(w.ready());
    QTRY_VERIFY(w.dialogs.isManager());
    const QJsonObject order = w.first(u"delivered"_s);
    const QString id = order.value("id"_L1).toString();
    QMenu menu;
    w.dialogs.addToMenu(&menu, { id });
    QVERIFY(menu.findChild<QAction *>(u"correctStatus"_s));
    QVERIFY(!w.dialogs.correctStatus(w.first(u"new"_s).value("id"_L1).toString())); // not final
    ReasonDialog *dialog = w.dialogs.correctStatus(id);
    QVERIFY(dialog);
    auto *status = dialog->findChild<QComboBox *>(u"status"_s);
    QVERIFY(status && status->findData(int(OrderStatus::Delivered)) < 0); // not to itself
    dialog->setStatus(OrderStatus::Failed);
    dialog->setReason(u"Parcel came back damaged"_s);
    PanelFixture::screenshot(dialog, u"correct-status"_s);
    QSignalSpy confirmed(&w.actions, &OrderActions::statusConfirmed);
    dialog->accept();
    QVERIFY(confirmed.wait(10000));
    QCOMPARE(w.get(u"/api/orders/"_s + id).toObject().value("status"_L1).toString(), u"failed"_s);
}

void tst_OrderDialogs::reassignAllMovesTheDriversOpenOrders()
{
    Window w;
    QVERIFY(w.ready());
    QString from;
    QStringList carried;
    for (const QJsonValue &v : w.fixture.queries.queryData(QueryKeys::orders()).toArray()) {
        const QJsonObject o = v.toObject();
        const QString s = o.value("status"_L1).toString();
        if (o.value("driverId"_L1).isString() && s != "delivered"_L1 && s != "cancelled"_L1
            && s != "failed"_L1 && s != "new"_L1
            && (from.isEmpty() || o.value("driverId"_L1).toString() == from)) {
            from = o.value("driverId"_L1).toString();
            carried.append(o.value("id"_L1).toString());
        }
    }
    QVERIFY(!carried.isEmpty());
    QMenu menu;
    w.dialogs.addToMenu(&menu, { carried.first() });
    QVERIFY(menu.findChild<QAction *>(u"reassignAll"_s));
    ReasonDialog *dialog = w.dialogs.reassignAll(from);
    QVERIFY(dialog);
    auto *driver = dialog->findChild<QComboBox *>(u"driver"_s);
    QVERIFY(driver && driver->count() >= 2);
    QVERIFY(driver->findData(from) < 0); // not to the same driver
    const QString to = driver->itemData(0).toString(); // the carrier's region first
    dialog->setReason(u"Driver went home"_s);
    PanelFixture::screenshot(dialog, u"reassign-all"_s);
    QSignalSpy messages(&w.dialogs, &OrderDialogs::messageRequested);
    dialog->accept();
    QVERIFY(messages.wait(10000));
    for (const QString &id : std::as_const(carried))
        QTRY_COMPARE(w.row(id).value("driverId"_L1).toString(), to);
}

void tst_OrderDialogs::importWizardChecksPreviewsAndImports()
{
    Window w;
    QVERIFY(w.ready());
    QTemporaryDir dir;
    const QString file = dir.filePath(u"orders.csv"_s);
    const QString due = QDateTime::currentDateTimeUtc().addSecs(7200).toString(Qt::ISODate);
    QFile out(file);
    QVERIFY(out.open(QIODevice::WriteOnly));
    out.write(u"externalRef,customer,pickup,dropoff,dueAt,region,amount\n"
              "W-1,Acme Bakery,North Depot,141 Market Sq,%1,north,24.82\n"
              "W-2,Oak Clinic,North Depot,7 Oak St,next week,north,12.50\n"_s.arg(due)
                  .toUtf8());
    out.close();

    ImportWizard *wizard = w.dialogs.importCsv();
    QVERIFY(wizard && wizard->isVisible());
    wizard->setFileName(dir.filePath(u"missing.csv"_s));
    wizard->next();
    QCOMPARE(wizard->currentId(), int(ImportWizard::FilePage)); // cannot be read: stays
    wizard->setFileName(file);
    wizard->next();
    QCOMPARE(wizard->currentId(), int(ImportWizard::PreviewPage));
    QTRY_VERIFY_WITH_TIMEOUT(wizard->problemsTable()->rowCount() == 1, 10000);
    QCOMPARE(wizard->problemsTable()->item(0, 0)->data(Qt::DisplayRole).toInt(), 3);
    QCOMPARE(wizard->problemsTable()->item(0, 1)->text(), u"dueAt"_s);
    QVERIFY(!wizard->canImport()); // a bad row: all or nothing, unless asked
    QVERIFY(wizard->partialBox()->isVisible());
    wizard->partialBox()->setChecked(true);
    QVERIFY(wizard->canImport());
    PanelFixture::screenshot(wizard, u"import-preview"_s);
    const int before = int(w.fixture.queries.queryData(QueryKeys::orders()).toArray().size());
    QSignalSpy imported(wizard, &ImportWizard::imported);
    wizard->next();
    QVERIFY(imported.wait(10000));
    QVERIFY2(wizard->resultText().contains(u"1"_s), qPrintable(wizard->resultText()));
    PanelFixture::screenshot(wizard, u"import-done"_s);
    // On screen through the import's event.
    QTRY_COMPARE_WITH_TIMEOUT(
        w.fixture.queries.queryData(QueryKeys::orders()).toArray().size(), before + 1, 10000);
}

QTEST_MAIN(tst_OrderDialogs)
#include "tst_orderdialogs.moc"
