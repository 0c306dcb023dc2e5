#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QInputDialog>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLineEdit>
#include <QMessageBox>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableView>
#include <QTableWidget>
#include <QTest>
#include <QTimer>
#include <QUrlQuery>

#include "keys/querykeys.h"
#include "models/driverhistorymodel.h"
#include "models/driverstablemodel.h"
#include "models/qrmatrix.h"
#include "models/workspace.h"
#include "panelfixture.h"
#include "qrdecoder.h"
#include "server/domain/driverservice.h"
#include "server/domain/orderservice.h"
#include "sync/driveractions.h"
#include "sync/traccarlink.h"
#include "ui/devicekeydialog.h"
#include "ui/drivereditdialog.h"
#include "ui/driverhistorydialog.h"
#include "ui/driverinfopane.h"
#include "ui/driverspanel.h"
#include "ui/orderdetailpanel.h"
#include "ui/qrcodewidget.h"

using namespace Qt::StringLiterals;
using namespace Ops;

namespace {

//! Answers the message boxes and input dialogs the panel asks with (exec(): a nested event
//! loop), pressing \a button, and keeps what they said.
class ModalAnswers final : public QObject
{
public:
    explicit ModalAnswers(QMessageBox::StandardButton button = QMessageBox::Yes)
        : m_button(button)
    {
        connect(&m_poll, &QTimer::timeout, this, [this] {
            QWidget *modal = QApplication::activeModalWidget();
            if (auto *box = qobject_cast<QMessageBox *>(modal)) {
                texts.append(box->text());
                QAbstractButton *b = box->button(m_button);
                if (!b)
                    b = box->button(QMessageBox::Ok);
                b->click();
            } else if (auto *input = qobject_cast<QInputDialog *>(modal)) {
                texts.append(input->textValue());
                input->accept();
            }
        });
        m_poll.start(10);
    }
    QStringList texts;

private:
    QMessageBox::StandardButton m_button;
    QTimer m_poll;
};

//! The dialog the panel opened last, as \a T.
template<typename T> T *lastDialog(const QSignalSpy &opened)
{
    return opened.isEmpty() ? nullptr : qobject_cast<T *>(opened.last().at(0).value<QWidget *>());
}

QString cell(DriversPanel &panel, const QString &id, int column, int role = Qt::DisplayRole)
{
    const int row = panel.model()->rowOf(id);
    return row < 0 ? QString() : panel.model()->index(row, column).data(role).toString();
}

} // namespace

class tst_DriversPanel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void listsDriversFollowsPatchesAndSelects();
    void managerAddsWithFieldErrorAndEditsThroughAConflict();
    void deactivationRefusedRegisterRevokeHistory();
    void dispatcherGetsNoManagement();
    void staleGpsBatteryAndPhoneLinks();
};

void tst_DriversPanel::initTestCase()
{
    qRegisterMetaType<QWidget *>();
}

void tst_DriversPanel::listsDriversFollowsPatchesAndSelects()
{
    PanelFixture f;
    QVERIFY(f.ok);
    Store &store = f.server.store();
    QVERIFY(f.goLive());
    Workspace workspace(&f.queries);
    DriversPanel panel(&workspace);
    panel.resize(620, 320);
    panel.show();
    QTRY_COMPARE_WITH_TIMEOUT(panel.model()->rowCount(), 8, 10000);

    // A position report arrives as a driver.updated event with fields: patched, not refetched.
    const Driver before = *store.drivers().get(u"DRV-001"_s);
    Driver moved = before;
    moved.lat += 0.01;
    moved.status = DriverStatus::EnRoute;
    moved.lastSeenAt = QDateTime::currentDateTimeUtc();
    QSignalSpy changed(panel.model(), &QAbstractItemModel::dataChanged);
    QVERIFY(store.drivers().updateLive(moved, u"sim"_s).ok());
    const int row = panel.model()->rowOf(u"DRV-001"_s);
    QTRY_COMPARE_WITH_TIMEOUT(
        panel.model()->index(row, 0).data(DriversTableModel::LatRole).toDouble(), moved.lat, 5000);
    QCOMPARE(panel.model()->index(row, 0).data(DriversTableModel::PresenceRole).toInt(),
        int(DriversTableModel::Presence::InTransit));

    QSignalSpy activated(&panel, &DashPanel::driverActivated);
    panel.selectDriver(u"DRV-003"_s);
    QCOMPARE(panel.selectedDriver(), u"DRV-003"_s);
    QCOMPARE(activated.size(), 0); // following is not announcing
    const QModelIndex index = panel.view()->model()->index(0, DriversTableModel::NameColumn);
    QTest::mouseClick(
        panel.view()->viewport(), Qt::LeftButton, {}, panel.view()->visualRect(index).center());
    QCOMPARE(activated.size(), 1);
    QCOMPARE(activated.first().at(0).toString(), index.data(DriversTableModel::IdRole).toString());
    PanelFixture::screenshot(&panel, u"driverspanel"_s);
}

void tst_DriversPanel::managerAddsWithFieldErrorAndEditsThroughAConflict()
{
    PanelFixture f;
    QVERIFY(f.ok);
    DriverActions actions(&f.queries, &f.api, &f.connection);
    QVERIFY(f.goLive());
    Workspace workspace(&f.queries);
    DriversPanel panel(&workspace);
    panel.setActions(&actions);
    panel.resize(760, 420);
    panel.show();
    QTRY_COMPARE_WITH_TIMEOUT(panel.model()->rowCount(), 8, 10000);
    QVERIFY(panel.managementShown());
    QVERIFY(panel.findChild<QPushButton *>(u"addDriverButton"_s)->isVisible());

    // Add: a phone the server refuses is said at the phone field; the dialog stays.
    QSignalSpy opened(&panel, &DriversPanel::dialogOpened);
    panel.addDriver();
    QPointer<DriverEditDialog> add = lastDialog<DriverEditDialog>(opened);
    QVERIFY(add);
    add->nameEdit()->setText(u"Zoe Park"_s);
    add->regionBox()->setEditText(u"north"_s);
    add->vehicleEdit()->setText(u"Cargo bike 3"_s);
    add->phoneEdit()->setText(u"call me"_s);
    add->save();
    QTRY_VERIFY_WITH_TIMEOUT(!add->fieldError(u"phone"_s).isEmpty(), 5000);
    QVERIFY2(add->fieldError(u"phone"_s).startsWith(u"'phone'"_s),
        qPrintable(add->fieldError(u"phone"_s)));
    QVERIFY(add->fieldError(u"name"_s).isEmpty());
    QVERIFY(add->generalError().isEmpty());
    QVERIFY(add->isVisible());
    PanelFixture::screenshot(add, u"driver-add-field-error"_s);
    add->phoneEdit()->setText(u"+44 20 7946 0018"_s);
    add->save();
    QTRY_VERIFY_WITH_TIMEOUT(!add, 5000); // accepted and gone
    const QString id = panel.selectedDriver();
    QVERIFY(id.startsWith(u"DRV-"_s));
    QCOMPARE(cell(panel, id, DriversTableModel::NameColumn), u"Zoe Park"_s);
    QCOMPARE(cell(panel, id, DriversTableModel::PhoneColumn), u"+44 20 7946 0018"_s);
    QCOMPARE(cell(panel, id, DriversTableModel::GpsColumn), QString()); // no position yet
    QVERIFY(!panel.model()
                 ->index(panel.model()->rowOf(id), 0)
                 .data(DriversTableModel::LatRole)
                 .isValid());

    // Edit while another manager changes the same driver: a 409 shows both, and "apply to the
    // current version" saves the change on what is there now.
    panel.editDriver();
    QPointer<DriverEditDialog> edit = lastDialog<DriverEditDialog>(opened);
    QVERIFY(edit);
    QCOMPARE(edit->vehicleEdit()->text(), u"Cargo bike 3"_s);
    DriverChange other;
    other.phone = u"+44 20 7946 0999"_s;
    QVERIFY(DriverService(f.server.store()).change(id, other, std::nullopt, u"ann"_s).ok());
    edit->vehicleEdit()->setText(u"Van 7"_s);
    QSignalSpy conflict(edit.data(), &DriverEditDialog::conflictShown);
    edit->save();
    QVERIFY(conflict.wait(5000));
    QCOMPARE(
        conflict.first().at(1).toJsonObject().value("phone"_L1).toString(), u"+44 20 7946 0999"_s);
    auto *shown = qobject_cast<QDialog *>(edit->conflictDialog());
    QVERIFY(shown && shown->isVisible());
    auto *table = shown->findChild<QTableWidget *>(u"conflictTable"_s);
    QVERIFY(table);
    QCOMPARE(table->item(1, 1)->text(), u"+44 20 7946 0999"_s); // Phone, server now
    QCOMPARE(table->item(2, 0)->text(), u"Van 7"_s); // Vehicle, yours
    PanelFixture::screenshot(shown, u"driver-conflict"_s);
    shown->accept();
    QTRY_VERIFY_WITH_TIMEOUT(!edit, 5000);
    const Driver saved = *f.server.store().drivers().get(id);
    QCOMPARE(saved.vehicle, u"Van 7"_s);
    QCOMPARE(saved.phone, u"+44 20 7946 0999"_s); // the other change stands
    QTRY_COMPARE_WITH_TIMEOUT(
        cell(panel, id, DriversTableModel::PhoneColumn), u"+44 20 7946 0999"_s, 5000);
    QTRY_VERIFY(panel.info()->height() >= panel.info()->heightForWidth(panel.info()->width()));
    PanelFixture::screenshot(&panel, u"driverspanel-manager"_s);
}

void tst_DriversPanel::deactivationRefusedRegisterRevokeHistory()
{
    PanelFixture f;
    QVERIFY(f.ok);
    Store &store = f.server.store();
    QString busy;
    QSet<QString> withOpenOrders;
    for (const Order &o : store.orders().list().orders) {
        if (!o.driverId.isEmpty()
            && (o.status == OrderStatus::Assigned || o.status == OrderStatus::PickedUp
                || o.status == OrderStatus::InTransit))
            withOpenOrders.insert(o.driverId);
    }
    QVERIFY(!withOpenOrders.isEmpty());
    busy = *withOpenOrders.begin();
    DriverActions actions(&f.queries, &f.api, &f.connection);
    QVERIFY(f.goLive());
    Workspace workspace(&f.queries);
    DriversPanel panel(&workspace);
    panel.setActions(&actions);
    panel.resize(760, 420);
    panel.show();
    QTRY_COMPARE_WITH_TIMEOUT(panel.model()->rowCount(), 8, 10000);
    QTRY_VERIFY_WITH_TIMEOUT(panel.managementShown(), 5000);

    // Deactivation with open orders: refused, and the server's words (naming them) are shown.
    panel.selectDriver(busy);
    {
        ModalAnswers answers;
        panel.toggleActive();
        QTRY_COMPARE_WITH_TIMEOUT(answers.texts.size(), 2, 5000); // the question, the refusal
        QVERIFY2(answers.texts.at(1).contains(u"open order"_s), qPrintable(answers.texts.at(1)));
        QVERIFY(answers.texts.at(1).contains(u"ORD-"_s));
    }
    QVERIFY(store.drivers().get(busy)->active);

    // Register a phone: the key shown once, big, with the URL to type; never in the cache.
    QString idle;
    for (const Driver &d : store.drivers().list({}).items) {
        if (!withOpenOrders.contains(d.id)) {
            idle = d.id;
            break;
        }
    }
    QVERIFY(!idle.isEmpty());
    panel.selectDriver(idle);
    QSet<QString> devicesBefore;
    const QList<DriverDevice> before = store.drivers().get(idle)->devices;
    for (const DriverDevice &d : before)
        devicesBefore.insert(d.id);
    QSignalSpy opened(&panel, &DriversPanel::dialogOpened);
    {
        ModalAnswers answers;
        panel.registerPhone(); // the label is asked for first
        QTRY_VERIFY_WITH_TIMEOUT(lastDialog<DeviceKeyDialog>(opened), 5000);
    }
    QPointer<DeviceKeyDialog> keyDialog = lastDialog<DeviceKeyDialog>(opened);
    const QString key = keyDialog->keyLabel()->text().remove(u' ');
    QCOMPARE(key.size(), 26);
    QCOMPARE(keyDialog->urlLabel()->text(), u"http://127.0.0.1:%1/api/osmand"_s.arg(f.port));
    QVERIFY(keyDialog->keyLabel()->font().pointSizeF() > panel.font().pointSizeF() * 1.5);
    QVERIFY(keyDialog->keyLabel()->width() >= keyDialog->keyLabel()->sizeHint().width());
    for (const auto &[k, value] : f.queries.queriesData(QueryFilter {})) {
        const QByteArray json = value.isArray() ? QJsonDocument(value.toArray()).toJson()
                                                : QJsonDocument(value.toObject()).toJson();
        QVERIFY2(!json.contains(key.toUtf8()), qPrintable(k.toString()));
    }
    PanelFixture::screenshot(keyDialog, u"device-key"_s);

    // The QR code beside it: what a phone scans holds this server's OsmAnd URL and this key, as
    // the configuration link Traccar Client reads; it grows with the dialog.
    if (QrMatrix::isAvailable()) {
        QrCodeWidget *qr = keyDialog->qrCode();
        QVERIFY(qr);
        QVERIFY(qr->isVisible());
        QVERIFY(qr->moduleSize() >= QrCodeWidget::MinimumModulePixels);
        const QString expected =
            TraccarLink::configuration(QUrl(keyDialog->urlLabel()->text()), key);
        QVERIFY(!expected.isEmpty());
        // Read back as a phone would; without zbarimg only this part is left out (the rest of
        // the function still runs), unless OPS_REQUIRE_QR_DECODER=1.
        const QString noDecoder = QrDecoder::unavailableReason();
        QVERIFY2(noDecoder.isEmpty() || !QrDecoder::required(),
            qPrintable(u"OPS_REQUIRE_QR_DECODER=1 but "_s + noDecoder));
        if (noDecoder.isEmpty()) {
            QString error;
            const QStringList texts = QrDecoder::decode(keyDialog->grab().toImage(), &error);
            QVERIFY2(error.isEmpty(), qPrintable(error));
            QCOMPARE(texts, QStringList { expected });
            const QUrlQuery scanned(QUrl(texts.constFirst()));
            QCOMPARE(scanned.queryItemValue(u"id"_s, QUrl::FullyDecoded), key);
            QCOMPARE(scanned.queryItemValue(u"url"_s, QUrl::FullyDecoded),
                u"http://127.0.0.1:%1/api/osmand"_s.arg(f.port));
        } else {
            qWarning("%s: the QR code is not read back", qPrintable(noDecoder));
        }
        const int module = qr->moduleSize();
        keyDialog->resize(keyDialog->width() + 300, keyDialog->height() + 300);
        QTRY_VERIFY(qr->moduleSize() > module);
    } else {
        QVERIFY(!keyDialog->qrCode()); // the key as text only, as it always was
    }
    keyDialog->copyButton()->click();
    QCOMPARE(QGuiApplication::clipboard()->text(), key);
    keyDialog->reject();
    QTRY_VERIFY(!keyDialog);
    QString deviceId;
    const QList<DriverDevice> after = store.drivers().get(idle)->devices;
    for (const DriverDevice &d : after) {
        if (!devicesBefore.contains(d.id))
            deviceId = d.id;
    }
    QVERIFY(!deviceId.isEmpty());
    QTRY_VERIFY_WITH_TIMEOUT(panel.info()->text().contains(u"revoke:"_s + deviceId), 5000);

    // Revoke it, after a confirmation.
    {
        ModalAnswers answers;
        panel.revokePhone(idle, deviceId);
        QCOMPARE(answers.texts.size(), 1);
    }
    QTRY_COMPARE_WITH_TIMEOUT(
        store.drivers().get(idle)->devices.size(), devicesBefore.size(), 5000);
    QTRY_VERIFY_WITH_TIMEOUT(!panel.info()->text().contains(u"revoke:"_s + deviceId), 5000);

    // The history says both.
    panel.showHistory();
    QPointer<DriverHistoryDialog> history = lastDialog<DriverHistoryDialog>(opened);
    QVERIFY(history);
    QTRY_VERIFY_WITH_TIMEOUT(history->model()->rowCount() >= 2, 5000);
    QStringList changes;
    for (int r = 0; r < history->model()->rowCount(); ++r)
        changes << history->model()->index(r, DriverHistoryModel::ChangeColumn).data().toString();
    QVERIFY2(changes.filter(u"Phone registered: "_s + deviceId).size() == 1,
        qPrintable(changes.join(u" | "_s)));
    QVERIFY2(changes.filter(u"Phone revoked: "_s + deviceId).size() == 1,
        qPrintable(changes.join(u" | "_s)));
    PanelFixture::screenshot(history, u"driver-history"_s);
}

void tst_DriversPanel::dispatcherGetsNoManagement()
{
    PanelFixture f(u"demo-dispatcher"_s);
    QVERIFY(f.ok);
    DriverActions actions(&f.queries, &f.api, &f.connection);
    Workspace workspace(&f.queries);
    DriversPanel panel(&workspace);
    panel.setActions(&actions);
    panel.show();
    QVERIFY(f.goLive());
    QTRY_VERIFY_WITH_TIMEOUT(panel.model()->rowCount() > 0, 10000);
    QCOMPARE(f.connection.role(), u"dispatcher"_s);
    QVERIFY(!panel.managementShown());
    QVERIFY(!panel.findChild<QPushButton *>(u"addDriverButton"_s)->isVisible());
    QVERIFY(panel.findChild<QPushButton *>(u"driverHistoryButton"_s)->isVisible());
    QSignalSpy opened(&panel, &DriversPanel::dialogOpened);
    panel.addDriver();
    panel.selectDriver(panel.model()->rowAt(0).value("id"_L1).toString());
    panel.editDriver();
    QCOMPARE(opened.size(), 0);
    QVERIFY(!panel.info()->text().contains(u"revoke:"_s));
}

void tst_DriversPanel::staleGpsBatteryAndPhoneLinks()
{
    PanelFixture f;
    QVERIFY(f.ok);
    Store &store = f.server.store();
    // A new driver (no position yet) whose phone's first report is a fix from 7 minutes ago
    // (buffered while it had no signal), with a nearly empty battery.
    DriverDraft draft;
    draft.name = u"Pia Stale"_s;
    draft.region = u"north"_s;
    draft.phone = u"+44 20 7946 0018"_s;
    const auto created = DriverService(store).create(draft, u"ann"_s);
    QVERIFY(created.ok());
    const QString id = created.item->id;
    QVERIFY(f.goLive());
    Workspace workspace(&f.queries);
    DriversPanel panel(&workspace);
    panel.resize(900, 380);
    panel.show();
    QTRY_COMPARE_WITH_TIMEOUT(panel.model()->rowCount(), 9, 10000);
    QCOMPARE(cell(panel, id, DriversTableModel::GpsColumn), QString()); // no position: nothing

    // The phone reports through the real intake (OsmAnd, the main port).
    const DeviceRegistration phoneKey =
        DriverService(store).registerDevice(id, u"Test phone"_s, std::nullopt, u"ann"_s);
    QVERIFY(phoneKey.write.ok());
    const qint64 fixAt = QDateTime::currentSecsSinceEpoch() - 7 * 60 - 5;
    QNetworkAccessManager nam;
    QNetworkReply *report = nam.get(QNetworkRequest(
        QUrl(u"http://127.0.0.1:%1/api/osmand?id=%2&lat=51.51&lon=-0.12&timestamp=%3&batt=12"_s
                 .arg(f.port)
                 .arg(phoneKey.key)
                 .arg(fixAt))));
    QSignalSpy reported(report, &QNetworkReply::finished);
    QVERIFY(reported.wait(5000));
    QCOMPARE(report->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
    report->deleteLater();
    QTRY_COMPARE_WITH_TIMEOUT(
        cell(panel, id, DriversTableModel::GpsColumn), u"GPS 7 min old"_s, 5000);
    QCOMPARE(cell(panel, id, DriversTableModel::BatteryColumn), u"12 %"_s);
    const int row = panel.model()->rowOf(id);
    QVERIFY(panel.model()
                ->index(row, DriversTableModel::BatteryColumn)
                .data(DriversTableModel::LowBatteryRole)
                .toBool());
    QVERIFY(
        panel.model()->index(row, DriversTableModel::GpsColumn).data(Qt::ForegroundRole).isValid());

    panel.selectDriver(id);
    const QString info = panel.info()->text();
    QVERIFY2(info.contains(u"href=\"tel:+442079460018\""_s), qPrintable(info));
    QVERIFY2(info.contains(u"href=\"sms:+442079460018\""_s), qPrintable(info));
    QVERIFY2(info.contains(u"GPS 7 min old"_s), qPrintable(info));
    QVERIFY2(info.contains(u"Battery 12 %"_s), qPrintable(info));
    QTRY_VERIFY(panel.info()->height() >= panel.info()->heightForWidth(panel.info()->width()));
    PanelFixture::screenshot(&panel, u"driverspanel-stale"_s);

    // The order detail: the order's driver → that driver's phone, as links.
    QString orderId;
    for (const Order &o : store.orders().list().orders) {
        if (o.driverId == id)
            orderId = o.id;
    }
    if (orderId.isEmpty()) {
        for (const Order &o : store.orders().list().orders) {
            if (o.status == OrderStatus::New) {
                OrderChange give;
                give.status = OrderStatus::Assigned;
                give.driverId = id;
                QVERIFY(OrderService(store).change(o.id, give, std::nullopt, u"ann"_s).ok());
                orderId = o.id;
                break;
            }
        }
    }
    QVERIFY(!orderId.isEmpty());
    OrderDetailPanel detail(&workspace);
    detail.resize(520, 640);
    detail.show();
    detail.selectOrder(orderId);
    QTRY_VERIFY_WITH_TIMEOUT(
        detail.fieldText(u"driver"_s).contains(u"href=\"tel:+442079460018\""_s), 5000);
    QVERIFY(detail.fieldText(u"driver"_s).contains(u"href=\"sms:+442079460018\""_s));
}

QTEST_MAIN(tst_DriversPanel)
#include "tst_driverspanel.moc"
