/** The selected area's posts as a timeline over the years, with appoint, renew, reassign and end (to be built). */
export function AreaPosts({ areaId }: { areaId: number }) {
  return <div data-testid="area-posts" data-area-id={areaId} />;
}
