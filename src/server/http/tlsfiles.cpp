#include "tlsfiles.h"

#include <QDateTime>
#include <QEventLoop>
#include <QFile>
#include <QSslKey>
#include <QSslSocket>
#include <QTcpServer>
#include <QTimer>

using namespace Qt::StringLiterals;

namespace Ops {
namespace {

Error readFile(const QString &what, const QString &path, QByteArray *out)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return Error { ErrorKind::BadRequest,
            u"%1 %2: cannot read: %3"_s.arg(what, path, file.errorString()) };
    *out = file.read(1024 * 1024);
    return {};
}

//! Accepts one connection and runs a TLS server handshake on it.
class CheckServer : public QTcpServer
{
public:
    explicit CheckServer(QSslConfiguration configuration)
        : m_configuration(std::move(configuration))
    { }
    QSslSocket *socket = nullptr;

protected:
    void incomingConnection(qintptr handle) override
    {
        socket = new QSslSocket(this);
        socket->setSocketDescriptor(handle);
        socket->setSslConfiguration(m_configuration);
        addPendingConnection(socket);
        socket->startServerEncryption();
    }

private:
    QSslConfiguration m_configuration;
};

//! The one reliable, backend-neutral way to know that key and certificate belong together:
//! a handshake with them over loopback.
Error checkHandshake(const QSslConfiguration &configuration)
{
    CheckServer server(configuration);
    if (!server.listen(QHostAddress::LocalHost, 0))
        return {}; // no loopback: nothing to check with; the first client will tell
    QSslSocket client;
    client.setPeerVerifyMode(QSslSocket::VerifyNone);
    QEventLoop loop;
    QString failure;
    QObject::connect(&client, &QSslSocket::encrypted, &loop, &QEventLoop::quit);
    QObject::connect(&client, &QSslSocket::errorOccurred, &loop, [&] {
        failure = client.errorString();
        loop.quit();
    });
    QObject::connect(&server, &QTcpServer::pendingConnectionAvailable, &loop, [&] {
        QObject::connect(server.socket, &QSslSocket::errorOccurred, &loop, [&] {
            failure = server.socket->errorString();
            loop.quit();
        });
    });
    QTimer::singleShot(5000, &loop, [&] {
        failure = u"handshake timed out"_s;
        loop.quit();
    });
    client.connectToHostEncrypted(u"127.0.0.1"_s, server.serverPort());
    loop.exec();
    if (failure.isEmpty() && client.isEncrypted())
        return {};
    return Error { ErrorKind::BadRequest,
        u"the private key does not work with the certificate (%1)"_s.arg(failure) };
}

} // namespace

Error TlsFiles::load(const QString &certPath, const QString &keyPath, const QString &chainPath,
    QSslConfiguration *out)
{
    if (!QSslSocket::supportsSsl())
        return Error { ErrorKind::Server, u"TLS is not available (no TLS backend/OpenSSL)"_s };
    QByteArray certPem;
    if (Error e = readFile(u"--tls-cert"_s, certPath, &certPem); !e.ok())
        return e;
    QList<QSslCertificate> certs = QSslCertificate::fromData(certPem, QSsl::Pem);
    if (certs.isEmpty() || certs.first().isNull())
        return Error { ErrorKind::BadRequest,
            u"--tls-cert %1: no PEM certificate in the file"_s.arg(certPath) };
    const QSslCertificate leaf = certs.takeFirst();
    const QDateTime now = QDateTime::currentDateTimeUtc();
    if (leaf.expiryDate() < now)
        return Error { ErrorKind::BadRequest,
            u"--tls-cert %1: the certificate expired on %2"_s.arg(
                certPath, leaf.expiryDate().toString(Qt::ISODate)) };
    if (leaf.effectiveDate() > now)
        return Error { ErrorKind::BadRequest,
            u"--tls-cert %1: the certificate is not valid before %2"_s.arg(
                certPath, leaf.effectiveDate().toString(Qt::ISODate)) };

    QByteArray keyPem;
    if (Error e = readFile(u"--tls-key"_s, keyPath, &keyPem); !e.ok())
        return e;
    QSslKey key;
    for (const QSsl::KeyAlgorithm algorithm : { QSsl::Rsa, QSsl::Ec, QSsl::Dsa, QSsl::Dh }) {
        key = QSslKey(keyPem, algorithm, QSsl::Pem, QSsl::PrivateKey);
        if (!key.isNull())
            break;
    }
    if (key.isNull())
        return Error { ErrorKind::BadRequest,
            u"--tls-key %1: no unencrypted PEM private key in the file"_s.arg(keyPath) };

    if (!chainPath.isEmpty()) {
        QByteArray chainPem;
        if (Error e = readFile(u"--tls-ca-chain"_s, chainPath, &chainPem); !e.ok())
            return e;
        const QList<QSslCertificate> chain = QSslCertificate::fromData(chainPem, QSsl::Pem);
        if (chain.isEmpty())
            return Error { ErrorKind::BadRequest,
                u"--tls-ca-chain %1: no PEM certificate in the file"_s.arg(chainPath) };
        certs += chain;
    }

    QSslConfiguration configuration = QSslConfiguration::defaultConfiguration();
    configuration.setLocalCertificate(leaf);
    configuration.setPrivateKey(key);
    if (!certs.isEmpty())
        configuration.setLocalCertificateChain(QList<QSslCertificate> { leaf } + certs);
    configuration.setProtocol(QSsl::TlsV1_2OrLater);
    configuration.setPeerVerifyMode(QSslSocket::VerifyNone); // no client certificates
    if (Error e = checkHandshake(configuration); !e.ok()) {
        e.message = u"--tls-key %1 / --tls-cert %2: %3"_s.arg(keyPath, certPath, e.message);
        return e;
    }
    *out = configuration;
    return {};
}

} // namespace Ops
