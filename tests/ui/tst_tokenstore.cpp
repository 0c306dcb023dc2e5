// The remembered sign-in token lives in the system keychain, never in the settings file. The
// keychain here is QtKeychain's real D-Bus path to KWallet (a Plasma 5 session is declared) and a
// small in-memory wallet with the methods QtKeychain calls, which the test itself runs on a
// private session bus. Without it on the bus there is no keychain: nothing is remembered,
// and the dispatcher is told why.

#include <cstdio>

#include <QApplication>
#include <QCheckBox>
#include <QDBusConnection>
#include <QDBusConnectionInterface>
#include <QDir>
#include <QFile>
#include <QHash>
#include <QHostAddress>
#include <QLabel>
#include <QLineEdit>
#include <QMutex>
#include <QSemaphore>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <QTimer>

#include "privatebus.h"
#include "server/demo/demodata.h"
#include "server/domain/auth.h"
#include "server/opsserver.h"
#include "sync/session.h"
#include "ui/signindialog.h"
#include "ui/signinflow.h"
#include "ui/tokenstore.h"

using namespace Qt::StringLiterals;
using namespace Ops;

namespace {

const QString kWalletService = u"org.kde.kwalletd5"_s;
const QString kWalletPath = u"/modules/kwalletd5"_s;

} // namespace

//! The entries of the wallet, shared between its thread and the test.
struct WalletStore
{
    QString value(const QString &key)
    {
        const QMutexLocker lock(&mutex);
        return entries.value(key);
    }
    void insert(const QString &key, const QString &value)
    {
        const QMutexLocker lock(&mutex);
        entries.insert(key, value);
    }
    bool remove(const QString &key)
    {
        const QMutexLocker lock(&mutex);
        return entries.remove(key) > 0;
    }
    bool isEmpty()
    {
        const QMutexLocker lock(&mutex);
        return entries.isEmpty();
    }
    void clear()
    {
        const QMutexLocker lock(&mutex);
        entries.clear();
    }

    QMutex mutex;
    QHash<QString, QString> entries; //!< "folder/key" → password
};

//! The part of KWallet's D-Bus interface that QtKeychain uses, over WalletStore.
class WalletService final : public QObject
{
    Q_OBJECT
    Q_CLASSINFO("D-Bus Interface", "org.kde.KWallet")

public:
    explicit WalletService(WalletStore *store)
        : m_store(store)
    { }

public Q_SLOTS:
    QString networkWallet() { return u"kdewallet"_s; }
    int open(const QString &, qlonglong, const QString &) { return 7; }
    int entryType(int, const QString &folder, const QString &key, const QString &)
    {
        return m_store->value(folder + u'/' + key).isEmpty() ? 0 : 1; // 1: password, 0: none
    }
    bool hasEntry(int, const QString &folder, const QString &key, const QString &)
    {
        return !m_store->value(folder + u'/' + key).isEmpty();
    }
    QString readPassword(int, const QString &folder, const QString &key, const QString &)
    {
        return m_store->value(folder + u'/' + key);
    }
    int writePassword(
        int, const QString &folder, const QString &key, const QString &value, const QString &)
    {
        m_store->insert(folder + u'/' + key, value);
        return 0;
    }
    int removeEntry(int, const QString &folder, const QString &key, const QString &)
    {
        return m_store->remove(folder + u'/' + key) ? 0 : -1;
    }

private:
    WalletStore *m_store;
};

//! The wallet answers from a thread of its own, on a connection of its own, as another process
//! would (QtKeychain's detection calls it synchronously).
class WalletThread final : public QThread
{
public:
    WalletThread(QString address, WalletStore *store)
        : m_address(std::move(address))
        , m_store(store)
    { }
    //! Registers (or drops) the wallet's name on the bus.
    bool setAvailable(bool available)
    {
        QDBusConnection bus(u"wallet"_s);
        return available ? bus.registerService(kWalletService)
                         : bus.unregisterService(kWalletService);
    }

protected:
    void run() override
    {
        QDBusConnection bus = QDBusConnection::connectToBus(m_address, u"wallet"_s);
        WalletService service(m_store);
        bus.registerObject(kWalletPath, &service, QDBusConnection::ExportAllSlots);
        m_ready.release();
        exec();
        bus.unregisterObject(kWalletPath);
        QDBusConnection::disconnectFromBus(u"wallet"_s);
    }

public:
    void startAndWait()
    {
        start();
        m_ready.acquire();
    }

private:
    QString m_address;
    WalletStore *m_store;
    QSemaphore m_ready;
};

class tst_TokenStore : public QObject
{
    Q_OBJECT

public:
    explicit tst_TokenStore(QString busAddress)
        : m_busAddress(std::move(busAddress))
    { }

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void cleanupTestCase();
    void keptInTheKeychainNotTheSettings();
    void plainTextTokenIsMovedIntoTheKeychain();
    void noKeychainMeansNotRememberedAndSaysWhy();
    void signInUsesTheRememberedToken();
    void signInDialogSavesIntoTheKeychain();
    void driverTokenIsToldApart();

private:
    bool registerWallet();
    void unregisterWallet();
    QString read(TokenStore &store, const QUrl &server);
    bool write(TokenStore &store, const QUrl &server, const QString &token);
    [[nodiscard]] QByteArray settingsFileBytes() const;

    QString m_busAddress;
    QTemporaryDir m_settings;
    WalletStore m_wallet;
    std::unique_ptr<WalletThread> m_walletThread;
    //! A real server: a token the session signs in with must be accepted to go Live.
    OpsServer m_ops;
    QUrl m_server;
};

void tst_TokenStore::initTestCase()
{
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_settings.path());
    QCoreApplication::setOrganizationName(u"OpsboardTest"_s);
    QCoreApplication::setApplicationName(u"tst_tokenstore"_s);
    m_ops.setAuth(Demo::users());
    QVERIFY(m_ops.openStore(m_settings.filePath(u"ops.sqlite"_s)).ok());
    QVERIFY(Demo::seedOrders(m_ops.store(), 10, 3).ok());
    const quint16 port = m_ops.listen(QHostAddress::LocalHost, 0);
    QVERIFY(port != 0);
    m_server = QUrl(u"http://127.0.0.1:%1"_s.arg(port));
    m_walletThread = std::make_unique<WalletThread>(m_busAddress, &m_wallet);
    m_walletThread->startAndWait();
}

void tst_TokenStore::init()
{
    QSettings().clear();
    m_wallet.clear();
    QVERIFY(registerWallet());
}

void tst_TokenStore::cleanup()
{
    unregisterWallet();
}

void tst_TokenStore::cleanupTestCase()
{
    m_walletThread->quit();
    m_walletThread->wait();
}

bool tst_TokenStore::registerWallet()
{
    return m_walletThread->setAvailable(true);
}

void tst_TokenStore::unregisterWallet()
{
    m_walletThread->setAvailable(false);
    QTRY_VERIFY(!QDBusConnection::sessionBus().interface()->isServiceRegistered(kWalletService));
}

QString tst_TokenStore::read(TokenStore &store, const QUrl &server)
{
    QString token = u"<no answer>"_s;
    store.read(server, this, [&token](const QString &t) { token = t; });
    if (!QTest::qWaitFor([&token] { return token != u"<no answer>"_s; }, 10000))
        QTest::qFail("the keychain did not answer", __FILE__, __LINE__);
    return token;
}

bool tst_TokenStore::write(TokenStore &store, const QUrl &server, const QString &token)
{
    std::optional<bool> kept;
    store.write(server, token, this, [&kept](bool ok) { kept = ok; });
    if (!QTest::qWaitFor([&kept] { return kept.has_value(); }, 10000))
        QTest::qFail("the keychain did not answer", __FILE__, __LINE__);
    return kept.value_or(false);
}

QByteArray tst_TokenStore::settingsFileBytes() const
{
    QSettings settings;
    settings.sync();
    QFile file(settings.fileName());
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

void tst_TokenStore::keptInTheKeychainNotTheSettings()
{
    TokenStore store;
    QCOMPARE(read(store, m_server), QString()); // nothing remembered yet
    QCOMPARE(store.problem(), QString());
    QVERIFY(write(store, m_server, u"secret-token-1"_s));
    QCOMPARE(store.problem(), QString());
    // In the wallet under the app's folder and a key per server; not in any settings file.
    QCOMPARE(m_wallet.value(u"Opsboard/"_s + TokenStore::keyFor(m_server)), u"secret-token-1"_s);
    QVERIFY(!settingsFileBytes().contains("secret-token-1"));
    QCOMPARE(read(store, m_server), u"secret-token-1"_s);
    QCOMPARE(read(store, QUrl(u"https://other.example.com"_s)), QString()); // one per server
    QCOMPARE(TokenStore::keyFor(QUrl(u"https://ops.example.com/"_s)),
        TokenStore::keyFor(QUrl(u"https://ops.example.com"_s)));

    bool removed = false;
    store.remove(m_server, this, [&removed] { removed = true; });
    QTRY_VERIFY(removed);
    QVERIFY(m_wallet.isEmpty());
    QCOMPARE(read(store, m_server), QString());
}

void tst_TokenStore::plainTextTokenIsMovedIntoTheKeychain()
{
    {
        // As older versions kept it.
        QSettings settings;
        settings.setValue(u"signIn/url"_s, m_server.toString());
        settings.setValue(TokenStore::kPlainTextKey, u"plain-old-token"_s);
    }
    QVERIFY(settingsFileBytes().contains("plain-old-token"));
    TokenStore store;
    QSettings settings;
    QString migrated;
    store.migrate(settings, this, [&migrated](const QString &t) { migrated = t; });
    // Out of the file at once, before the keychain has even answered.
    QVERIFY(!settings.contains(TokenStore::kPlainTextKey));
    QVERIFY(!settingsFileBytes().contains("plain-old-token"));
    QTRY_COMPARE(migrated, u"plain-old-token"_s);
    QCOMPARE(m_wallet.value(u"Opsboard/"_s + TokenStore::keyFor(m_server)), u"plain-old-token"_s);
    QCOMPARE(settings.value(u"signIn/url"_s).toString(), m_server.toString()); // the URL stays
}

void tst_TokenStore::noKeychainMeansNotRememberedAndSaysWhy()
{
    unregisterWallet();
    TokenStore store;
    QSignalSpy problems(&store, &TokenStore::problemChanged);
    QVERIFY(!write(store, m_server, u"secret-token-2"_s));
    QVERIFY2(store.problem().contains(u"No system keychain"_s), qPrintable(store.problem()));
    QCOMPARE(problems.size(), 1);
    QVERIFY(!settingsFileBytes().contains("secret-token-2")); // no plain-text fallback
    QCOMPARE(read(store, m_server), QString());
    QVERIFY(!store.problem().isEmpty());

    // A plain-text token from an older version still leaves the file; this session can use it.
    QSettings settings;
    settings.setValue(u"signIn/url"_s, m_server.toString());
    settings.setValue(TokenStore::kPlainTextKey, u"plain-old-token"_s);
    QString migrated;
    store.migrate(settings, this, [&migrated](const QString &t) { migrated = t; });
    QTRY_COMPARE(migrated, u"plain-old-token"_s);
    QVERIFY(!settingsFileBytes().contains("plain-old-token"));

    // The sign-in dialog says it, and offers no "Remember".
    SignInDialog dialog;
    dialog.setRememberUnavailable(store.problem());
    dialog.setRemember(true);
    QVERIFY(!dialog.remember());
    QVERIFY(!dialog.findChild<QCheckBox *>(u"rememberCheck"_s)->isEnabled());
    QVERIFY(!dialog.findChild<QCheckBox *>(u"rememberCheck"_s)->isChecked());
    auto *note = dialog.findChild<QLabel *>(u"rememberNote"_s);
    QVERIFY(!note->isHidden());
    QCOMPARE(note->text(), store.problem());
    if (const QString dir = qEnvironmentVariable("OPS_SCREENSHOT_DIR"); !dir.isEmpty()) {
        dialog.setUrl(m_server);
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        dialog.grab().save(dir + u"/signin-no-keychain.png"_s);
    }
}

void tst_TokenStore::signInUsesTheRememberedToken()
{
    QSettings().setValue(u"signIn/url"_s, m_server.toString());
    m_wallet.insert(u"Opsboard/"_s + TokenStore::keyFor(m_server), u"demo-manager"_s);
    Session session;
    TokenStore tokens;
    SignInFlow flow(&session, &tokens);
    QSignalSpy started(&flow, &SignInFlow::started);
    // No --server, no token: the server signed in to last, with its token from the keychain
    // (the server accepts it: Live).
    flow.begin(QUrl(u"http://127.0.0.1:1"_s), false, {});
    QTRY_COMPARE(started.size(), 1);
    QCOMPARE(session.baseUrl(), m_server);
    QTRY_VERIFY_WITH_TIMEOUT(session.isLive(), 10000);
}

void tst_TokenStore::signInDialogSavesIntoTheKeychain()
{
    Session session;
    TokenStore tokens;
    SignInFlow flow(&session, &tokens);
    QSignalSpy started(&flow, &SignInFlow::started);
    // Nothing remembered: the dialog asks. The dispatcher types and ticks "Remember".
    bool answered = false;
    QTimer poll;
    connect(&poll, &QTimer::timeout, this, [&] {
        auto *dialog = qobject_cast<SignInDialog *>(QApplication::activeModalWidget());
        if (!dialog || answered)
            return;
        answered = true;
        dialog->setUrl(m_server);
        dialog->setToken(u"demo-dispatcher"_s);
        dialog->setRemember(true);
        dialog->accept();
    });
    poll.start(20);
    flow.begin(m_server, true, {});
    QTRY_COMPARE_WITH_TIMEOUT(started.size(), 1, 10000);
    QVERIFY(answered);
    QTRY_VERIFY_WITH_TIMEOUT(session.isLive(), 10000);
    QTRY_COMPARE(
        m_wallet.value(u"Opsboard/"_s + TokenStore::keyFor(m_server)), u"demo-dispatcher"_s);
    QVERIFY(!settingsFileBytes().contains("demo-dispatcher"));
    QCOMPARE(QSettings().value(u"signIn/url"_s).toString(), m_server.toString());
}

void tst_TokenStore::driverTokenIsToldApart()
{
    // A driver's token is a valid token that opens nothing of the dashboard: the dialog comes
    // back saying so (not "not accepted"), and a staff token then signs in.
    Session session;
    TokenStore tokens;
    SignInFlow flow(&session, &tokens);
    QString said;
    QTimer poll;
    connect(&poll, &QTimer::timeout, this, [&] {
        auto *dialog = qobject_cast<SignInDialog *>(QApplication::activeModalWidget());
        if (!dialog || !said.isEmpty())
            return;
        const QList<QLabel *> labels = dialog->findChildren<QLabel *>();
        for (const QLabel *label : labels) {
            if (label->isVisible() && label->text().contains(u"driver"_s))
                said = label->text();
        }
        const QString shots = qEnvironmentVariable("OPS_SCREENSHOT_DIR");
        if (!shots.isEmpty())
            dialog->grab().save(QDir(shots).filePath(u"signin-driver-token.png"_s));
        dialog->setToken(u"demo-dispatcher"_s);
        dialog->accept();
    });
    poll.start(20);
    flow.begin(m_server, true, u"demo-driver"_s);
    QTRY_VERIFY_WITH_TIMEOUT(!said.isEmpty(), 10000);
    QVERIFY2(said.contains(u"belongs to a driver"_s), qPrintable(said));
    QVERIFY(said.contains(u"staff token"_s));
    QTRY_VERIFY_WITH_TIMEOUT(session.isLive(), 10000);
    QCOMPARE(session.connection()->role(), u"dispatcher"_s);
}

int main(int argc, char *argv[])
{
    // Before anything touches D-Bus: the private bus, and QtKeychain's KWallet path to it.
    PrivateSessionBus bus;
    QString error;
    if (!bus.start(&error)) {
        std::fprintf(stderr, "tst_tokenstore: %s\n", qPrintable(error));
        return 1;
    }
    // A KDE Plasma 5 session: QtKeychain looks for KWallet first (newer QtKeychain versions also
    // read QTKEYCHAIN_BACKEND).
    qputenv("XDG_CURRENT_DESKTOP", "KDE");
    qputenv("KDE_SESSION_VERSION", "5");
    qputenv("QTKEYCHAIN_BACKEND", "kwallet5");
    QApplication app(argc, argv);
    tst_TokenStore test(bus.address());
    return QTest::qExec(&test, argc, argv);
}

#include "tst_tokenstore.moc"
