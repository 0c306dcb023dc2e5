// Error: the wire name and the HTTP status of each kind, and HTTP statuses back to kinds.

#include <QTest>

#include "core/error.h"

using namespace Qt::StringLiterals;
using namespace Ops;

class tst_Error : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void eachKind_data();
    void eachKind();
    void fromHttpStatus_data();
    void fromHttpStatus();
};

void tst_Error::eachKind_data()
{
    QTest::addColumn<ErrorKind>("kind");
    QTest::addColumn<QString>("name");
    QTest::addColumn<int>("status");
    QTest::addColumn<bool>("retryable");
    QTest::newRow("none") << ErrorKind::None << u"none"_s << 200 << false;
    QTest::newRow("network") << ErrorKind::Network << u"network"_s << 500 << true;
    QTest::newRow("timeout") << ErrorKind::Timeout << u"timeout"_s << 504 << true;
    QTest::newRow("cancelled") << ErrorKind::Cancelled << u"cancelled"_s << 500 << false;
    QTest::newRow("bad request") << ErrorKind::BadRequest << u"bad_request"_s << 400 << false;
    QTest::newRow("unauthorized") << ErrorKind::Unauthorized << u"unauthorized"_s << 401 << false;
    QTest::newRow("forbidden") << ErrorKind::Forbidden << u"forbidden"_s << 403 << false;
    QTest::newRow("not found") << ErrorKind::NotFound << u"not_found"_s << 404 << false;
    QTest::newRow("conflict") << ErrorKind::Conflict << u"conflict"_s << 409 << false;
    QTest::newRow("too large") << ErrorKind::PayloadTooLarge << u"payload_too_large"_s << 413
                               << false;
    QTest::newRow("rate limited") << ErrorKind::RateLimited << u"rate_limited"_s << 429 << true;
    QTest::newRow("unavailable") << ErrorKind::Unavailable << u"unavailable"_s << 503 << true;
    QTest::newRow("server") << ErrorKind::Server << u"server_error"_s << 500 << true;
    QTest::newRow("protocol") << ErrorKind::Protocol << u"protocol"_s << 400 << false;
    QTest::newRow("storage") << ErrorKind::Storage << u"storage"_s << 500 << false;
    QTest::newRow("out of range") << ErrorKind(999) << u"unknown"_s << 500 << false;
}

void tst_Error::eachKind()
{
    QFETCH(ErrorKind, kind);
    QFETCH(QString, name);
    QFETCH(int, status);
    QFETCH(bool, retryable);
    QCOMPARE(Error::kindName(kind), name);
    QCOMPARE(Error::httpStatus(kind), status);
    QCOMPARE((Error { kind, {} }).isRetryable(), retryable);
}

void tst_Error::fromHttpStatus_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<ErrorKind>("kind");
    QTest::newRow("200") << 200 << ErrorKind::None;
    QTest::newRow("304") << 304 << ErrorKind::None;
    QTest::newRow("400") << 400 << ErrorKind::BadRequest;
    QTest::newRow("422") << 422 << ErrorKind::BadRequest;
    QTest::newRow("401") << 401 << ErrorKind::Unauthorized;
    QTest::newRow("403") << 403 << ErrorKind::Forbidden;
    QTest::newRow("404") << 404 << ErrorKind::NotFound;
    QTest::newRow("408") << 408 << ErrorKind::Timeout;
    QTest::newRow("409") << 409 << ErrorKind::Conflict;
    QTest::newRow("412") << 412 << ErrorKind::Conflict;
    QTest::newRow("413") << 413 << ErrorKind::PayloadTooLarge;
    QTest::newRow("418") << 418 << ErrorKind::BadRequest;
    QTest::newRow("429") << 429 << ErrorKind::RateLimited;
    QTest::newRow("500") << 500 << ErrorKind::Server;
    QTest::newRow("502") << 502 << ErrorKind::Unavailable;
    QTest::newRow("503") << 503 << ErrorKind::Unavailable;
    QTest::newRow("504") << 504 << ErrorKind::Unavailable;
    QTest::newRow("507") << 507 << ErrorKind::Server;
}

void tst_Error::fromHttpStatus()
{
    QFETCH(int, status);
    QFETCH(ErrorKind, kind);
    QCOMPARE(Error::fromHttpStatus(status), kind);
}

QTEST_APPLESS_MAIN(tst_Error)
#include "tst_error.moc"
