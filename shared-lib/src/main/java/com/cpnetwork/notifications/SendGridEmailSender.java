package com.cpnetwork.notifications;

import com.sendgrid.Method;
import com.sendgrid.Request;
import com.sendgrid.Response;
import com.sendgrid.SendGrid;
import com.sendgrid.helpers.mail.Mail;
import com.sendgrid.helpers.mail.objects.Content;
import com.sendgrid.helpers.mail.objects.Email;
import java.io.IOException;

/** Email through SendGrid's v3 mail-send API. */
public final class SendGridEmailSender implements MessageSender {

    private final SendGrid client;
    private final Email from;

    public SendGridEmailSender(SendGrid client, String fromAddress) {
        this.client = client;
        this.from = new Email(fromAddress);
    }

    @Override
    public void send(Notification notification) {
        Mail mail = new Mail(from, notification.subject(), new Email(notification.to()), new Content("text/plain", notification.body()));
        Request request = new Request();
        request.setMethod(Method.POST);
        request.setEndpoint("mail/send");
        try {
            request.setBody(mail.build());
            Response response = client.api(request);
            if (response.getStatusCode() >= 300) {
                throw new DeliveryFailed("SendGrid answered " + response.getStatusCode());
            }
        } catch (IOException e) {
            throw new DeliveryFailed("SendGrid could not be reached", e);
        }
    }
}
