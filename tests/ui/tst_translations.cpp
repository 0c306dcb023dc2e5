// The German translation: the embedded .qm is found for a German locale, the main window, the
// connection badge and the panels show German text, menu accelerators do not collide, and the .ts
// files in the source tree have no unfinished entries.

#include <QDockWidget>
#include <QFile>
#include <QJsonArray>
#include <QLabel>
#include <QLibraryInfo>
#include <QMenu>
#include <QMenuBar>
#include <QPushButton>
#include <QSettings>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>
#include <QTranslator>
#include <QXmlStreamReader>

#include "models/alerttext.h"
#include "protocol/alertrule.h"
#include "sync/alertruleseditor.h"
#include "sync/awayalerts.h"
#include "sync/session.h"
#include "ui/alertspanel.h"
#include "ui/awaybanner.h"
#include "ui/connectionbadge.h"
#include "ui/dashpanel.h"
#include "ui/driverspanel.h"
#include "ui/mainwindow.h"
#include "ui/orderspanel.h"
#include "ui/translations.h"

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;
using namespace Ops;

namespace {

const QString kTsDir = QStringLiteral(OPS_SOURCE_DIR "/resources/translations");

struct TsMessage
{
    QString context;
    QString source;
    QString translation;
    QString type;
};

QList<TsMessage> readTs(const QString &path, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = file.errorString();
        return {};
    }
    QList<TsMessage> messages;
    QXmlStreamReader xml(&file);
    QString context;
    TsMessage current;
    while (!xml.atEnd()) {
        xml.readNext();
        if (!xml.isStartElement())
            continue;
        if (xml.name() == "name"_L1) {
            context = xml.readElementText();
        } else if (xml.name() == "message"_L1) {
            current = TsMessage { context, {}, {}, {} };
        } else if (xml.name() == "source"_L1) {
            current.source = xml.readElementText();
        } else if (xml.name() == "translation"_L1) {
            current.type = xml.attributes().value("type"_L1).toString();
            current.translation = xml.readElementText(QXmlStreamReader::IncludeChildElements);
            messages.append(current);
        }
    }
    if (xml.hasError())
        *error = xml.errorString();
    return messages;
}

//! The letters after '&' in \a texts, lower-cased; duplicates mean colliding accelerators.
QStringList accelerators(const QList<QAction *> &actions)
{
    QStringList keys;
    for (const QAction *a : actions) {
        const QString text = a->text();
        const qsizetype amp = text.indexOf(u'&');
        if (amp >= 0 && amp + 1 < text.size())
            keys.append(text.at(amp + 1).toLower());
    }
    return keys;
}

} // namespace

class tst_Translations : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void tsFilesAreFinished();
    void everyEntryIsInTheEmbeddedQm();
    void mainWindowIsGerman();
    void menuAcceleratorsDoNotCollide();
    void connectionBadgeIsGerman();
    void freshnessIsGerman();
    void alertsAreWordedInGerman();
    void qtsOwnStringsUnderTheNamesDeploymentGives();

private:
    QTemporaryDir m_settingsDir;
};

void tst_Translations::initTestCase()
{
    // Main windows read and save their layout: keep that out of the user's settings.
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_settingsDir.path());
    QCoreApplication::setOrganizationName(u"OpsboardTest"_s);
    QLocale::setDefault(QLocale(QLocale::German, QLocale::Germany));
    QVERIFY2(QFile::exists(u":/i18n/opsboard_de.qm"_s), "the German .qm is not embedded");
    QVERIFY(installTranslators(qApp, QLocale(QLocale::German, QLocale::Germany)));
}

void tst_Translations::tsFilesAreFinished()
{
    for (const QString &name : { u"opsboard_de.ts"_s, u"opsboard_en.ts"_s }) {
        QString error;
        const QList<TsMessage> messages = readTs(kTsDir + u'/' + name, &error);
        QVERIFY2(error.isEmpty(), qPrintable(name + u": "_s + error));
        for (const TsMessage &m : messages) {
            const QString where = u"%1: %2 / \"%3\""_s.arg(name, m.context, m.source);
            QVERIFY2(m.type != "unfinished"_L1, qPrintable(where + u" is unfinished"_s));
            QVERIFY2(m.type != "vanished"_L1 && m.type != "obsolete"_L1,
                qPrintable(where + u" is obsolete: run update_translations"_s));
        }
        if (name == "opsboard_de.ts"_L1)
            QVERIFY2(messages.size() > 200, qPrintable(QString::number(messages.size())));
    }
}

void tst_Translations::everyEntryIsInTheEmbeddedQm()
{
    // The .qm built from the .ts, not a stale or empty one.
    QTranslator qm;
    QVERIFY(qm.load(u":/i18n/opsboard_de.qm"_s));
    QString error;
    const QList<TsMessage> messages = readTs(kTsDir + u"/opsboard_de.ts"_s, &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    for (const TsMessage &m : messages) {
        const QString translated =
            qm.translate(m.context.toUtf8().constData(), m.source.toUtf8().constData());
        QVERIFY2(!translated.isEmpty(), qPrintable(m.context + u" / "_s + m.source));
    }
}

void tst_Translations::mainWindowIsGerman()
{
    Session session;
    MainWindow window(&session);
    QStringList menus;
    for (const QAction *a : window.menuBar()->actions())
        menus.append(a->text());
    QCOMPARE(menus, (QStringList { u"&Datei"_s, u"Auf&träge"_s, u"&Ansicht"_s, u"&Hilfe"_s }));

    QStringList docks;
    for (const QDockWidget *d : window.docks())
        docks.append(d->windowTitle());
    for (const QString &title : { u"Aufträge"_s, u"Fahrer"_s, u"Alarme"_s, u"Karte"_s })
        QVERIFY2(docks.contains(title), qPrintable(docks.join(u", "_s)));

    auto *drivers = window.findChild<DriversPanel *>();
    QVERIFY(drivers);
    QCOMPARE(drivers->windowTitle(), u"Fahrer"_s);
    auto *alerts = window.findChild<AlertsPanel *>();
    QVERIFY(alerts);
    QCOMPARE(alerts->windowTitle(), u"Alarme"_s);
    auto *orders = window.findChild<OrdersPanel *>();
    QVERIFY(orders);
    auto *late = orders->findChild<QAction *>(u"lateOnly"_s);
    QVERIFY(late);
    QCOMPARE(late->text(), u"Nur &verspätete Aufträge"_s);
}

void tst_Translations::menuAcceleratorsDoNotCollide()
{
    Session session;
    MainWindow window(&session);
    QList<QAction *> menuBarActions = window.menuBar()->actions();
    const QStringList bar = accelerators(menuBarActions);
    QCOMPARE(QSet<QString>(bar.begin(), bar.end()).size(), bar.size());
    for (const QAction *m : menuBarActions) {
        QVERIFY(m->menu());
        const QStringList keys = accelerators(m->menu()->actions());
        QVERIFY2(QSet<QString>(keys.begin(), keys.end()).size() == keys.size(),
            qPrintable(m->text() + u": "_s + keys.join(u' ')));
    }
}

void tst_Translations::connectionBadgeIsGerman()
{
    QTcpServer placeholder;
    QVERIFY(placeholder.listen(QHostAddress::LocalHost, 0));
    const quint16 port = placeholder.serverPort();
    placeholder.close(); // connections to this port are refused

    ConnectionManager connection;
    connection.setBackoffPolicy({ 3000ms, 3000ms, 2.0, 0.0 });
    connection.setUrl(QUrl(u"ws://127.0.0.1:%1/ws"_s.arg(port)));
    connection.setToken(u"t"_s);
    ConnectionBadge badge;
    QCOMPARE(badge.text(), u"Nicht verbunden"_s);
    badge.setConnection(&connection);
    badge.show();
    connection.open();
    QCOMPARE(badge.text(), u"Verbinde…"_s);
    QTRY_VERIFY2(badge.text().startsWith(u"Neuer Versuch in "_s), qPrintable(badge.text()));
    QVERIFY(!badge.toolTip().isEmpty());
    QVERIFY(badge.toolTip().startsWith(u"Verbindung verloren."_s));
    connection.close();
    QCOMPARE(badge.text(), u"Nicht verbunden"_s);

    // The states a test cannot reach without a server (Live, Signing in, Offline, Signed out)
    // through the same translator.
    const char *context = "Ops::ConnectionBadge";
    QCOMPARE(QCoreApplication::translate(context, "Signing in…"), u"Anmeldung…"_s);
    QCOMPARE(
        QCoreApplication::translate(context, "Offline — no network"), u"Offline — kein Netz"_s);
    QCOMPARE(QCoreApplication::translate(context, "Signed out"), u"Abgemeldet"_s);
    QCOMPARE(QCoreApplication::translate(context, "Connected: every change appears as it happens."),
        u"Verbunden: Jede Änderung erscheint sofort."_s);
}

void tst_Translations::freshnessIsGerman()
{
    DashPanel panel;
    panel.setFreshness(false, {});
    QCOMPARE(panel.freshnessText(), u"Nicht live — noch nicht geladen"_s);
    const QDateTime asOf(QDate(2026, 3, 2), QTime(12, 4, 31));
    panel.setFreshness(false, asOf);
    QCOMPARE(panel.freshnessText(), u"Nicht live — Stand 12:04:31"_s);

    Session session;
    MainWindow window(&session);
    auto *orders = window.findChild<OrdersPanel *>();
    QVERIFY(orders);
    orders->setFreshness(false, asOf);
    auto *label = orders->findChild<QLabel *>(u"freshnessLabel"_s);
    QVERIFY(label);
    QCOMPARE(label->text(), u"Nicht live — Stand 12:04:31"_s);
}

void tst_Translations::alertsAreWordedInGerman()
{
    const QJsonObject order { { "orderId"_L1, u"ORD-00007"_s }, { "customer"_L1, u"Acme Bakery"_s },
        { "minutes"_L1, 12 } };
    const auto alert = [](const QString &code, const QJsonObject &params) {
        return QJsonObject { { "code"_L1, code }, { "params"_L1, params },
            { "message"_L1, u"server text"_s } };
    };
    QJsonObject predicted = order;
    predicted.insert("lateMinutes"_L1, 6);
    predicted.insert("etaAt"_L1, u"2026-11-22T09:42:12.480Z"_s);
    predicted.insert("estimate"_L1, true);
    QJsonObject failed = order;
    failed.insert("driverId"_L1, u"DRV-003"_s);
    const QJsonObject silent { { "driverId"_L1, u"DRV-002"_s }, { "driverName"_L1, u"Ben Ortiz"_s },
        { "seconds"_L1, 754 } };
    const QHash<QString, QJsonObject> params { { u"overdue_order"_s, order },
        { u"late_order"_s, order }, { u"unassigned_order"_s, order },
        { u"predicted_late"_s, predicted }, { u"failed_delivery"_s, failed },
        { u"unresponsive_driver"_s, silent } };
    const QHash<QString, QString> german {
        { u"overdue_order"_s, u"ORD-00007 für Acme Bakery ist 12 min überfällig"_s },
        { u"late_order"_s, u"ORD-00007 für Acme Bakery ist in 12 min fällig und nicht abgeholt"_s },
        { u"unassigned_order"_s,
            u"ORD-00007 für Acme Bakery ist in 12 min fällig und hat keinen Fahrer"_s },
        { u"predicted_late"_s,
            u"ORD-00007 für Acme Bakery kommt 6 min zu spät (geschätzte Ankunft 09:42)"_s },
        { u"failed_delivery"_s,
            u"Zustellung von ORD-00007 für Acme Bakery durch DRV-003 fehlgeschlagen"_s },
        { u"unresponsive_driver"_s, u"Ben Ortiz (DRV-002) seit 12 min ohne Meldung"_s },
    };
    // Every kind the server's alert engine raises.
    for (const QString &kind : AlertRule::kinds()) {
        QVERIFY2(german.contains(kind), qPrintable(kind));
        QCOMPARE(AlertText::message(alert(kind, params.value(kind)), QTimeZone::utc()),
            german.value(kind));
    }
    QJsonObject seen = alert(u"overdue_order"_s, order);
    seen.insert("seenBy"_L1,
        QJsonArray {
            QJsonObject { { "user"_L1, u"ann"_s }, { "at"_L1, u"2026-12-05T14:01:10Z"_s } },
            QJsonObject { { "user"_L1, u"ben"_s }, { "at"_L1, u"2026-12-05T14:01:40Z"_s } } });
    seen.insert("acknowledgedBy"_L1, u"ben"_s);
    seen.insert("acknowledgedAt"_L1, u"2026-12-05T14:02:00.118Z"_s);
    QCOMPARE(AlertText::receipts(seen, QTimeZone::utc()),
        u"gesehen von ann, ben · bestätigt von ben 14:02"_s);

    // The band over the inbox, after an absence.
    AwayAlerts away(nullptr);
    AwayBanner banner(&away);
    QCOMPARE(banner.findChild<QPushButton *>(u"awayDismissButton"_s)->text(), u"Alle angesehen"_s);
    QCOMPARE(QCoreApplication::translate(
                 "Ops::AwayBanner", "While you were away (since %1): %n open alert(s)", nullptr, 3)
                 .arg(u"12:05"_s),
        u"Während Ihrer Abwesenheit (seit 12:05): 3 offene Alarme"_s);
    QCOMPARE(QCoreApplication::translate(
                 "Ops::AlertsPanel", "%n alert(s) raised while you were away", nullptr, 1),
        u"1 Alarm während Ihrer Abwesenheit ausgelöst"_s);
    QCOMPARE(QCoreApplication::translate("Ops::AlertsTableModel", "Seen and handled"),
        u"Gesehen und bearbeitet"_s);
    // The rules dialog names the kinds.
    QCOMPARE(AlertText::kindLabel(u"overdue_order"_s), u"Überfälliger Auftrag"_s);
    AlertRule rule = *AlertRule::builtIn(u"late_order"_s);
    rule.renotifyMinutes = 10;
    rule.escalateMinutes = 5;
    QCOMPARE(AlertRulesEditor::check(rule).second,
        u"Muss später sein als die erneute Benachrichtigung aller"_s);
}

void tst_Translations::qtsOwnStringsUnderTheNamesDeploymentGives()
{
    const auto cancel = [] { return QCoreApplication::translate("QPlatformTheme", "Cancel"); };
    const auto uninstallQt = [] {
        for (QTranslator *t : qApp->findChildren<QTranslator *>()) {
            if (!t->filePath().startsWith(u":/i18n"_s)) {
                QCoreApplication::removeTranslator(t);
                delete t;
            }
        }
    };
    const QString qtbase = QLibraryInfo::path(QLibraryInfo::TranslationsPath) + u"/qtbase_de.qm"_s;
    if (!QFile::exists(qtbase))
        QSKIP("Qt's German translation is not installed (Debian: qt6-translations-l10n)");
    const QLocale german(QLocale::German, QLocale::Germany);
    uninstallQt();
    QCOMPARE(cancel(), u"Cancel"_s);

    // What windeployqt puts beside opsboard.exe: translations/qt_de.qm, one catalog merged from
    // the modules' (here: qtbase's alone), and no qtbase_de.qm.
    QTemporaryDir windows;
    QVERIFY(QFile::copy(qtbase, windows.filePath(u"qt_de.qm"_s)));
    QVERIFY(installQtTranslator(qApp, german, { windows.path() }).endsWith(u"qt_de.qm"_s));
    QCOMPARE(cancel(), u"Abbrechen"_s);
    uninstallQt();

    // A Qt installation (Debian's qt6-translations-l10n, the Qt installer): qt_de.qm is a catalog
    // of catalogs that loads qtbase_de.qm and the others from beside it.
    QVERIFY(installQtTranslator(qApp, german).endsWith(u"qt_de.qm"_s));
    QCOMPARE(cancel(), u"Abbrechen"_s);
    uninstallQt();

    // Only qtbase_<lang>: the last resort.
    QTemporaryDir bare;
    QVERIFY(QFile::copy(qtbase, bare.filePath(u"qtbase_de.qm"_s)));
    QVERIFY(installQtTranslator(qApp, german, { bare.path() }).endsWith(u"qtbase_de.qm"_s));
    QCOMPARE(cancel(), u"Abbrechen"_s);
    uninstallQt();

    // Nothing there: English stays.
    QTemporaryDir empty;
    QCOMPARE(installQtTranslator(qApp, german, { empty.path() }), QString());
    QCOMPARE(cancel(), u"Cancel"_s);
    installQtTranslator(qApp, german);
}

QTEST_MAIN(tst_Translations)
#include "tst_translations.moc"
