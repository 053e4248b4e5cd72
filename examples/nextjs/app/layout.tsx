// app/layout.tsx
import type { Metadata } from "next";
import type { ReactNode } from "react";
import "react-api-keys/styles.css";

export const metadata: Metadata = { title: "API keys" };

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}
