// TLS on the real opsboard-server: HTTPS and WSS on one port from --tls-cert/--tls-key; a
// client that trusts the test CA goes Live and reads REST, one that does not fails with a TLS
// error, plain HTTP gets no data, and bad certificate/key files stop the start-up.

#include <QFile>
#include <QProcess>
#include <QSignalSpy>
#include <QSslSocket>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

#include "api/apiclient.h"
#include "realtime/connectionmanager.h"
#include "serverprocess.h"

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;

namespace {

const QString kCert = QStringLiteral(OPS_TEST_DATA_DIR "/test-server.crt");
const QString kKey = QStringLiteral(OPS_TEST_DATA_DIR "/test-server.key");
const QString kOtherKey = QStringLiteral(OPS_TEST_DATA_DIR "/test-other.key");

QList<QSslCertificate> testCa()
{
    return QSslCertificate::fromPath(kCert);
}

Ops::ApiResult fetch(Ops::ApiClient &api, const QString &path)
{
    Ops::ApiCall *call = api.send(Ops::ApiRequest::get(path));
    QSignalSpy finished(call, &Ops::ApiCall::finished);
    if (!finished.wait(10000))
        return {};
    return finished.at(0).at(0).value<Ops::ApiResult>();
}

struct Finished
{
    int exitCode = -1;
    QByteArray errors;
};
Finished runToExit(const QStringList &args)
{
    QProcess process;
    process.start(QStringLiteral(OPS_SERVER_BINARY), args);
    Finished result;
    if (!process.waitForFinished(20000)) {
        process.kill();
        process.waitForFinished();
        return result;
    }
    result.exitCode = process.exitCode();
    result.errors = process.readAllStandardError();
    return result;
}

} // namespace

class tst_Tls : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void trustedClientGoesLiveAndReadsRest();
    void untrustedClientFailsWithATlsError();
    void plainHttpGetsNoData();
    void listenerLimitsStillApply();
    void badCertificateOrKeyStopsTheStartup_data();
    void badCertificateOrKeyStopsTheStartup();

private:
    QUrl httpsUrl() const { return QUrl(u"https://127.0.0.1:%1"_s.arg(m_server->port())); }
    QUrl wssUrl() const { return QUrl(u"wss://127.0.0.1:%1/ws"_s.arg(m_server->port())); }

    std::unique_ptr<ServerProcess> m_server;
};

void tst_Tls::initTestCase()
{
    if (!QSslSocket::supportsSsl())
        QSKIP("no TLS backend");
    m_server = std::make_unique<ServerProcess>(QStringLiteral(OPS_SERVER_BINARY));
    QVERIFY2(m_server->start(0,
                 { u"--demo"_s, u"--sim-interval"_s, u"50"_s, u"--orders"_s, u"10"_s,
                     u"--alert-interval"_s, u"0"_s, u"--tls-cert"_s, kCert, u"--tls-key"_s, kKey }),
        qPrintable(m_server->errorString()));
    QVERIFY2(m_server->output().contains("listening on https://127.0.0.1:"),
        m_server->output().constData());
}

void tst_Tls::cleanupTestCase()
{
    m_server.reset();
}

void tst_Tls::trustedClientGoesLiveAndReadsRest()
{
    Ops::ConnectionManager c;
    c.setCaCertificates(testCa());
    c.setUrl(wssUrl());
    c.setToken(u"demo-manager"_s);
    QSignalSpy events(&c, &Ops::ConnectionManager::eventReceived);
    c.open();
    QTRY_VERIFY_WITH_TIMEOUT(c.isLive(), 10000);
    QTRY_VERIFY_WITH_TIMEOUT(!events.isEmpty(), 10000); // the simulator's events arrive

    Ops::ApiClient api;
    api.setCaCertificates(testCa());
    api.setBaseUrl(httpsUrl());
    api.setToken(u"demo-manager"_s);
    const Ops::ApiResult orders = fetch(api, u"/api/orders"_s);
    QVERIFY2(orders.ok(), qPrintable(orders.error.message));
    QCOMPARE(orders.status, 200);
    c.close();
}

void tst_Tls::untrustedClientFailsWithATlsError()
{
    Ops::ConnectionManager c;
    c.setBackoffPolicy({ 20ms, 100ms, 2.0, 1.0 });
    c.setUrl(wssUrl()); // no CA: the self-signed certificate must not verify
    c.setToken(u"demo-manager"_s);
    QSignalSpy errors(&c, &Ops::ConnectionManager::errorOccurred);
    QSignalSpy retries(&c, &Ops::ConnectionManager::reconnectScheduled);
    c.open();
    QTRY_VERIFY_WITH_TIMEOUT(!retries.isEmpty(), 10000);
    QVERIFY(!c.isLive());
    QVERIFY(!errors.isEmpty());
    QVERIFY2(errors.first().at(0).toString().startsWith(u"Secure connection failed"_s),
        qPrintable(errors.first().at(0).toString()));
    c.close();

    Ops::ApiClient api;
    api.setBaseUrl(httpsUrl());
    api.setToken(u"demo-manager"_s);
    const Ops::ApiResult result = fetch(api, u"/healthz"_s);
    QVERIFY(!result.ok());
    QCOMPARE(result.status, 0); // no HTTP answer at all
}

void tst_Tls::plainHttpGetsNoData()
{
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, m_server->port());
    QVERIFY(socket.waitForConnected(5000));
    socket.write("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    QByteArray received;
    QVERIFY(QTest::qWaitFor(
        [&] {
            received += socket.readAll();
            return socket.state() == QAbstractSocket::UnconnectedState;
        },
        10000));
    received += socket.readAll();
    QVERIFY2(!received.contains("HTTP/"), received.constData());
    QVERIFY(!received.contains("\"status\""));
}

void tst_Tls::listenerLimitsStillApply()
{
    // The header limit is checked on the decrypted bytes, before QHttpServer reads them.
    QSslSocket socket;
    QSslConfiguration configuration = socket.sslConfiguration();
    configuration.addCaCertificates(testCa());
    socket.setSslConfiguration(configuration);
    socket.connectToHostEncrypted(u"127.0.0.1"_s, m_server->port());
    QVERIFY2(socket.waitForEncrypted(10000), qPrintable(socket.errorString()));
    QVERIFY(socket.socketOption(QAbstractSocket::LowDelayOption).isValid());
    socket.write("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Pad: " + QByteArray(20000, 'x')
        + "\r\n\r\n");
    QByteArray received;
    QVERIFY(QTest::qWaitFor(
        [&] {
            received += socket.readAll();
            return received.contains("\r\n\r\n");
        },
        10000));
    QVERIFY2(received.startsWith("HTTP/1.1 431"), received.left(200).constData());
}

void tst_Tls::badCertificateOrKeyStopsTheStartup_data()
{
    QTest::addColumn<QStringList>("tlsArgs");
    QTest::addColumn<QByteArray>("message");
    QTest::newRow("mismatched key") << QStringList { u"--tls-cert"_s, kCert, u"--tls-key"_s,
        kOtherKey } << QByteArray("the private key does not work with the certificate");
    QTest::newRow("missing key file") << QStringList { u"--tls-cert"_s, kCert, u"--tls-key"_s,
        u"/nonexistent/key.pem"_s } << QByteArray("--tls-key /nonexistent/key.pem: cannot read");
    QTest::newRow("key is a certificate") << QStringList { u"--tls-cert"_s, kCert, u"--tls-key"_s,
        kCert } << QByteArray("no unencrypted PEM private key");
    QTest::newRow("certificate is a key") << QStringList { u"--tls-cert"_s, kKey, u"--tls-key"_s,
        kKey } << QByteArray("no PEM certificate");
    QTest::newRow("cert without key") << QStringList { u"--tls-cert"_s, kCert }
                                      << QByteArray("--tls-cert and --tls-key go together");
}

void tst_Tls::badCertificateOrKeyStopsTheStartup()
{
    QFETCH(QStringList, tlsArgs);
    QFETCH(QByteArray, message);
    QTemporaryDir dir;
    const Finished run = runToExit(
        QStringList { u"--demo"_s, u"--port"_s, u"0"_s, u"--db"_s, dir.filePath(u"db.sqlite"_s) }
        + tlsArgs);
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(run.errors.contains(message), run.errors.constData());
}

QTEST_GUILESS_MAIN(tst_Tls)
#include "tst_tls.moc"
