#include "tokenstore.h"

#include <QPointer>
#include <QSettings>
#include <qt6keychain/keychain.h>

#include "core/logging.h"

using namespace Qt::StringLiterals;

namespace Ops {

const QString TokenStore::kPlainTextKey = u"signIn/token"_s;

namespace {

const QString kUrlKey = u"signIn/url"_s;

} // namespace

TokenStore::TokenStore(const QString &service, QObject *parent)
    : QObject(parent)
    , m_service(service)
{ }

TokenStore::~TokenStore() = default;

QString TokenStore::keyFor(const QUrl &server)
{
    return u"token "_s
        + server
              .adjusted(QUrl::RemoveUserInfo | QUrl::RemovePath | QUrl::RemoveQuery
                  | QUrl::RemoveFragment | QUrl::StripTrailingSlash)
              .toString();
}

void TokenStore::setProblem(int error, const QString &details)
{
    QString problem;
    switch (QKeychain::Error(error)) {
    case QKeychain::NoError:
    case QKeychain::EntryNotFound:
        break;
    case QKeychain::AccessDeniedByUser:
    case QKeychain::AccessDenied:
        problem = tr("Access to the system keychain was denied, so the token is not remembered.");
        break;
    case QKeychain::CouldNotDeleteEntry:
        problem = tr("The token could not be removed from the system keychain.");
        break;
    case QKeychain::NoBackendAvailable:
    case QKeychain::NotImplemented:
    case QKeychain::OtherError:
        problem = tr("No system keychain is available (such as GNOME Keyring or KWallet), so the "
                     "token is not remembered: you will be asked for it at the next start.");
        break;
    }
    if (!problem.isEmpty())
        qCWarning(lcUi) << "keychain:" << details;
    if (problem == m_problem)
        return;
    m_problem = problem;
    Q_EMIT problemChanged(problem);
}

void TokenStore::read(
    const QUrl &server, QObject *context, std::function<void(const QString &)> done)
{
    auto *job = new QKeychain::ReadPasswordJob(m_service, this);
    job->setKey(keyFor(server));
    QPointer<QObject> guard(context ? context : this);
    connect(job, &QKeychain::Job::finished, this,
        [this, job, guard, done = std::move(done)](QKeychain::Job *) {
            const bool found = job->error() == QKeychain::NoError;
            setProblem(job->error(), job->errorString());
            if (guard && done)
                done(found ? job->textData() : QString());
        });
    job->start();
}

void TokenStore::write(
    const QUrl &server, const QString &token, QObject *context, std::function<void(bool)> done)
{
    auto *job = new QKeychain::WritePasswordJob(m_service, this);
    job->setKey(keyFor(server));
    job->setTextData(token);
    QPointer<QObject> guard(context ? context : this);
    connect(job, &QKeychain::Job::finished, this,
        [this, job, guard, done = std::move(done)](QKeychain::Job *) {
            const bool ok = job->error() == QKeychain::NoError;
            setProblem(job->error(), job->errorString());
            if (ok)
                qCInfo(lcUi) << "token kept in the system keychain";
            if (guard && done)
                done(ok);
        });
    job->start();
}

void TokenStore::remove(const QUrl &server, QObject *context, std::function<void()> done)
{
    auto *job = new QKeychain::DeletePasswordJob(m_service, this);
    job->setKey(keyFor(server));
    QPointer<QObject> guard(context ? context : this);
    connect(job, &QKeychain::Job::finished, this,
        [this, job, guard, done = std::move(done)](QKeychain::Job *) {
            // Nothing remembered, or no keychain to remember in: nothing to forget either.
            if (job->error() != QKeychain::EntryNotFound
                && job->error() != QKeychain::NoBackendAvailable)
                setProblem(job->error(), job->errorString());
            if (guard && done)
                done();
        });
    job->start();
}

void TokenStore::migrate(
    QSettings &settings, QObject *context, std::function<void(const QString &)> done)
{
    const QString token = settings.value(kPlainTextKey).toString();
    if (!settings.contains(kPlainTextKey)) {
        if (done)
            done({});
        return;
    }
    // Gone from the file first, whatever the keychain says.
    settings.remove(kPlainTextKey);
    settings.sync();
    qCInfo(lcUi) << "removed a token kept in plain text in" << settings.fileName();
    const QUrl server(settings.value(kUrlKey).toString());
    if (token.isEmpty() || server.isEmpty()) {
        if (done)
            done(token);
        return;
    }
    QPointer<QObject> guard(context ? context : this);
    write(server, token, this, [guard, token, done = std::move(done)](bool) {
        if (guard && done)
            done(token);
    });
}

} // namespace Ops
