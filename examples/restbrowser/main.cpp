// restbrowser: reads a resource of any JSON REST API through OpsQuery and prints it, then keeps
// watching it: a refetch every --interval seconds, printed only when the data changed (and, for a
// list of rows with ids, which rows changed).
//
//   restbrowser https://jsonplaceholder.typicode.com users        → GET …/users
//   restbrowser file:///tmp/api users                            → reads /tmp/api/users
//   restbrowser http://127.0.0.1:8080/api orders --header "Authorization: Bearer demo-manager"
//
// The query key is the path: ["users"] → GET <base>/users, ["users", 3] → GET <base>/users/3.

#include <cstdio>

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QPointer>

#include "query/queryclient.h"
#include "query/queryobserver.h"

using namespace Qt::StringLiterals;

namespace {

//! The query function: GET <base>/<parts joined by '/'>, the JSON body as the data.
Ops::QueryFn restFn(
    QNetworkAccessManager *network, const QUrl &base, const QList<QByteArray> &headers)
{
    return [network, base, headers](const Ops::QueryContext &context) {
        QUrl url = base;
        QString path = base.path();
        for (const QJsonValue &part : context.key().parts()) {
            const QString segment =
                part.isString() ? part.toString() : QString::number(part.toInteger());
            path += u'/' + QString::fromUtf8(QUrl::toPercentEncoding(segment));
        }
        url.setPath(path);
        QNetworkRequest request(url);
        request.setTransferTimeout(10000);
        for (const QByteArray &header : headers) {
            const qsizetype colon = header.indexOf(':');
            if (colon > 0)
                request.setRawHeader(header.left(colon).trimmed(), header.mid(colon + 1).trimmed());
        }
        QPointer<QNetworkReply> reply = network->get(request);
        context.onCancel([reply] {
            if (reply)
                reply->abort();
        });
        QObject::connect(reply, &QNetworkReply::finished, reply, [context, reply] {
            reply->deleteLater();
            const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
            if (reply->error() != QNetworkReply::NoError && status == 0) {
                context.reject({ Ops::ErrorKind::Network, reply->errorString() });
                return;
            }
            // status 0: not HTTP (a file:// URL), nothing to map.
            if (const Ops::ErrorKind kind =
                    status ? Ops::Error::fromHttpStatus(status) : Ops::ErrorKind::None;
                kind != Ops::ErrorKind::None) {
                context.reject({ kind, u"HTTP %1"_s.arg(status) });
                return;
            }
            QJsonParseError error;
            const QJsonDocument doc = QJsonDocument::fromJson(reply->readAll(), &error);
            if (error.error != QJsonParseError::NoError) {
                context.reject({ Ops::ErrorKind::Protocol, error.errorString() });
                return;
            }
            context.resolve(doc.isArray() ? QJsonValue(doc.array()) : QJsonValue(doc.object()));
        });
    };
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(u"Reads a JSON REST resource through OpsQuery."_s);
    parser.addHelpOption();
    parser.addPositionalArgument(u"base"_s, u"Base URL of the API, e.g. https://host/api"_s);
    parser.addPositionalArgument(u"path"_s, u"Path segments: the query key"_s, u"[path…]"_s);
    const QCommandLineOption intervalOption(u"interval"_s,
        u"Refetch every <s> seconds and print changes (0: print once and quit)."_s, u"s"_s, u"0"_s);
    const QCommandLineOption headerOption(
        u"header"_s, u"An HTTP header for every request, \"Name: value\"."_s, u"header"_s);
    parser.addOptions({ intervalOption, headerOption });
    parser.process(app);
    const QStringList args = parser.positionalArguments();
    if (args.size() < 2)
        parser.showHelp(2);

    QJsonArray parts;
    for (const QString &segment : args.mid(1)) {
        bool number = false;
        const qint64 n = segment.toLongLong(&number);
        parts.append(number ? QJsonValue(n) : QJsonValue(segment));
    }
    QList<QByteArray> headers;
    for (const QString &h : parser.values(headerOption))
        headers.append(h.toUtf8());

    QNetworkAccessManager network;
    Ops::QueryClient client;
    client.setDefaultQueryFn(restFn(&network, QUrl(args.at(0)), headers));
    Ops::QueryOptions options { Ops::QueryKey(parts) };
    const int interval = parser.value(intervalOption).toInt();
    options.refetchInterval = std::chrono::seconds(interval);
    options.refetchIntervalInBackground = true;
    options.versionedRows = false;
    Ops::QueryObserver observer(&client, options);

    QObject::connect(&observer, &Ops::QueryObserver::resultChanged, &app, [&] {
        const Ops::QueryResult r = observer.result();
        if (r.isFetching())
            return;
        if (r.isError()) {
            std::fprintf(stderr, "%s: %s\n", qPrintable(options.key.toString()),
                qPrintable(r.error.message));
            if (interval <= 0)
                QCoreApplication::exit(1);
            return;
        }
        const Ops::QueryChangeSet &changes = observer.changes();
        if (changes.isRowDiff() && changes.isEmpty())
            return; // refetched, nothing changed
        if (changes.isRowDiff()) {
            std::printf("%lld inserted, %lld changed, %lld removed\n",
                static_cast<long long>(changes.count(Ops::QueryChangeSet::Kind::Inserted)),
                static_cast<long long>(changes.count(Ops::QueryChangeSet::Kind::Changed)),
                static_cast<long long>(changes.count(Ops::QueryChangeSet::Kind::Removed)));
        } else {
            const QByteArray text = r.data.isArray()
                ? QJsonDocument(r.data.toArray()).toJson(QJsonDocument::Indented)
                : QJsonDocument(r.data.toObject()).toJson(QJsonDocument::Indented);
            std::fwrite(text.constData(), 1, size_t(text.size()), stdout);
        }
        std::fflush(stdout);
        if (interval <= 0)
            QCoreApplication::quit();
    });
    return QCoreApplication::exec();
}
