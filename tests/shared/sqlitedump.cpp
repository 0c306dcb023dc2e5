#include "sqlitedump.h"

#include <QCryptographicHash>
#include <QFile>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QStringList>
#include <QUuid>

using namespace Qt::StringLiterals;

QByteArray sqliteDump(const QString &path)
{
    const QString name = u"dump-"_s + QUuid::createUuid().toString(QUuid::WithoutBraces);
    QByteArray dump;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, name);
        db.setDatabaseName(path);
        db.setConnectOptions(u"QSQLITE_OPEN_READONLY"_s);
        if (!db.open())
            return "cannot open: " + db.lastError().text().toUtf8();
        QSqlQuery q(db);
        q.exec(u"BEGIN"_s); // one snapshot for every table
        q.exec(u"PRAGMA user_version"_s);
        dump += "user_version=" + (q.next() ? q.value(0).toByteArray() : QByteArray("?")) + '\n';
        QStringList tables;
        q.exec(u"SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"_s);
        while (q.next())
            tables.append(q.value(0).toString());
        for (const QString &table : std::as_const(tables)) {
            dump += "== " + table.toUtf8() + '\n';
            QSqlQuery rows(db);
            rows.exec(u"SELECT * FROM \"%1\" ORDER BY rowid"_s.arg(table));
            while (rows.next()) {
                const QSqlRecord record = rows.record();
                for (int i = 0; i < record.count(); ++i) {
                    const QVariant v = rows.value(i);
                    dump += (v.isNull() ? QByteArray("NULL") : v.toString().toUtf8()) + '|';
                }
                dump += '\n';
            }
        }
        q.exec(u"ROLLBACK"_s);
    }
    QSqlDatabase::removeDatabase(name);
    return dump;
}

QByteArray sqliteFileHash(const QString &path)
{
    QCryptographicHash hash(QCryptographicHash::Sha256);
    for (const QString &file : { path, path + u"-wal"_s }) {
        QFile f(file);
        if (f.open(QIODevice::ReadOnly))
            hash.addData(&f);
        hash.addData(file.toUtf8()); // a missing WAL differs from an empty one
    }
    return hash.result().toHex();
}
