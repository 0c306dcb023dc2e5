#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QUrl>

//! A REST call made on another thread while the calling one is blocked: the caller's event loop
//! does not run, so a client living there cannot hear of the change before it next acts ("behind
//! the app's back"). Signs in as demo-manager; returns the JSON answer (empty when none).
QJsonObject blockingHttp(const QByteArray &method, const QUrl &url, const QByteArray &body);
//! As blockingHttp(), for an answer that may be an array (a list).
QJsonValue blockingHttpJson(const QByteArray &method, const QUrl &url, const QByteArray &body = {});
